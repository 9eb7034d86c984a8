"""`make bench-static`, run for a moment: every variant must serve the file and be measured.
No figure is compared with a target here: tests must not time things."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VARIANTS = [
    "the real MIDDLEWARE",
    "without SecurityMiddleware",
    "without ContentSecurityPolicyMiddleware",
    "without PermissionsPolicyMiddleware",
    "nothing in front of whitenoise",
    "whitenoise's WSGI app, no Django",
]


@pytest.mark.live
def test_every_variant_serves_the_file_and_is_measured():
    # Its own process: the settings it measures are production's, not the tests'.
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "FIELD_ENCRYPTION"))
    }
    finished = subprocess.run(
        [sys.executable, "-m", "tests.performance.in_front_of_static"],
        cwd=ROOT,
        env={**env, "BENCH_REQUESTS": "50", "BENCH_ROUNDS": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    measured = dict(
        re.findall(r"^  (\S.*?)\s+([0-9.]+)\s+[0-9]+%$", finished.stdout, flags=re.MULTILINE)
    )
    assert list(measured) == VARIANTS, finished.stdout
    assert all(float(micros) > 0 for micros in measured.values())
    assert finished.stderr == ""
