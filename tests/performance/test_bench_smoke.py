"""The benchmark of `make bench`, run for a moment: it must measure every row and find
nothing broken. Tests must not time things, so no figure is compared with a target here.
"""

import os
import shutil

import pytest

from tests.performance import results, wrk
from tests.performance.bench import run_benchmark
from tests.performance.table import format_result

WORKERS = 2


def require_wrk():
    if shutil.which("wrk") is None:
        # CI installs it (.ci/run); there a missing wrk means the smoke test did not run.
        if os.environ.get("CI") == "true":
            pytest.fail(wrk.INSTALL_HINT)
        pytest.skip(wrk.INSTALL_HINT)


def test_the_benchmark_measures_every_row_and_loses_no_report(tmp_path):
    require_wrk()
    result = run_benchmark(
        tmp_path, seconds=1, runs=1, concurrencies=[4], workers=WORKERS, warmup=0
    )

    assert result.problems() == []
    for label in results.ROWS:
        [measurement] = result.rows[label].measurements[4]
        assert measurement.requests > 0, label
        assert sum(measurement.errors.values()) == 0, (label, measurement.errors)
        assert result.rows[label].ratio(4) > 0, label

    post = result.post
    assert post.receipts > 0
    assert post.other_answers == {}
    assert (post.lost, post.duplicated, post.unexplained) == (0, 0, 0)
    assert post.stored == post.receipts + post.unanswered_stored

    assert set(result.workers_memory) == {"PAGE_CACHE=1", "PAGE_CACHE=0"}
    for workers in result.workers_memory.values():
        # Fewer when a worker was being replaced (gunicorn's max_requests) at that moment.
        assert 0 < len(workers) <= WORKERS
        assert all(w.rss_mb > 0 and w.age_seconds >= 0 for w in workers)

    table = format_result(result)
    for label in results.ROWS:
        assert label in table
    assert "BROKEN" not in table
    assert "Concern POST check" in table
    assert "Targets (issue 5):" in table
