"""The case-work benchmark of `make bench-casework`, at a tiny size: every page answers, no
page's query count grows between two sizes, and the purge erases exactly the reports due
and leaves none of their personal data. Nothing is timed (tests must not time things).

PostgreSQL only, like the benchmark: on SQLite it is skipped. Each size is built for the
test and dropped after it; no kept seed is used or left behind.
"""

import pytest

from tests.live_stack import session_database_url
from tests.performance.casework import format_casework, problems, run_casework

SMALL, LARGE = 150, 400


def test_the_casework_benchmark_measures_every_page_and_purges(tmp_path):
    if not session_database_url().startswith("postgres"):
        pytest.skip("the case-work benchmark runs on PostgreSQL (DATABASE_URL=postgres://…)")
    result = run_casework(
        tmp_path, reports=LARGE, small=SMALL, runs=1, cache=False, log=lambda *_: None
    )

    assert problems(result) == []
    small, large = (result["sizes"][size] for size in (SMALL, LARGE))
    assert large["reports"] == LARGE
    # About six events per report, as built.
    assert 4 * LARGE < large["events"] < 9 * LARGE
    for before, after in zip(small["pages"], large["pages"], strict=True):
        assert after["path"], f"{after['label']}: no such page"
        assert after["status"] == 200, after["label"]
        assert len(after["times_ms"]) == 1, after["label"]
        assert after["queries"] == before["queries"], after["label"]

    purge = large["purge"]
    assert purge["due"] > 0
    assert purge["erased"] == purge["due"]
    assert purge["personal_data_left"] == 0
    assert "purge" not in small

    table = format_casework(result)
    assert "Targets (issue 12):" in table
    assert "BROKEN" not in table
