"""Running wrk (Debian's package) and reading the numbers its Lua scripts print."""

import json
import shutil
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SUMMARY_SCRIPT = HERE / "summary.lua"
POST_SCRIPT = HERE / "post_report.lua"
RESULT_PREFIX = "WRK_RESULT "
# Two cores: more load-generator threads than that only compete with gunicorn.
GET_THREADS = 2
# Longer than any answer should take, so that a slow answer is measured, not abandoned
# (an abandoned POST may still be stored, and then it can't be matched to its answer).
TIMEOUT = "30s"

INSTALL_HINT = "wrk is not installed. On Debian or Ubuntu: apt-get install wrk"


class WrkMissing(RuntimeError):
    pass


def wrk_path():
    path = shutil.which("wrk")
    if path is None:
        raise WrkMissing(INSTALL_HINT)
    return path


@dataclass
class Measurement:
    """One wrk run at one concurrency."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    # Socket errors and answers of 400 or above, as wrk counts them.
    errors: dict[str, int]

    @property
    def per_second(self):
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class PostOutcome:
    """What wrk sent as concern reports and what came back, key by key."""

    sent: int = 0
    # "receipt" (a 302 to the receipt page) or the status code, with how many came back.
    outcomes: dict[str, int] = field(default_factory=dict)
    answered: list[uuid.UUID] = field(default_factory=list)
    unanswered: list[uuid.UUID] = field(default_factory=list)

    def add(self, other):
        self.sent += other.sent
        for outcome, count in other.outcomes.items():
            self.outcomes[outcome] = self.outcomes.get(outcome, 0) + count
        self.answered += other.answered
        self.unanswered += other.unanswered

    @property
    def receipts(self):
        return self.outcomes.get("receipt", 0)

    @property
    def failures(self):
        return sum(count for outcome, count in self.outcomes.items() if outcome != "receipt")


def _run(url, *, connections, threads, seconds, script, args=()):
    command = [
        wrk_path(),
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        f"--timeout={TIMEOUT}",
        f"--script={script}",
        url,
    ]
    if args:
        command += ["--", *args]
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 120, check=False
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if completed.returncode != 0 or not lines:
        raise RuntimeError(
            f"wrk failed ({completed.returncode}) on {url}:\n{completed.stdout}{completed.stderr}"
        )
    result = json.loads(lines[-1].removeprefix(RESULT_PREFIX))
    measurement = Measurement(
        requests=result["requests"],
        seconds=result["duration_us"] / 1e6,
        p50_ms=result["p50_us"] / 1000,
        p99_ms=result["p99_us"] / 1000,
        errors={kind: result[kind] for kind in ("connect", "read", "write", "status", "timeout")},
    )
    return measurement, result


def get(url, *, connections, seconds):
    measurement, _result = _run(
        url,
        connections=connections,
        threads=min(GET_THREADS, connections),
        seconds=seconds,
        script=SUMMARY_SCRIPT,
    )
    return measurement


def post_reports(url, *, connections, seconds, body_start, body_end, cookie, keys_file):
    """POST concern reports; body_start + key + body_end is the url-encoded form."""
    measurement, result = _run(
        url,
        connections=connections,
        # One connection per thread: see post_report.lua.
        threads=connections,
        seconds=seconds,
        script=POST_SCRIPT,
        args=[uuid.uuid4().hex[:8], body_start, body_end, cookie, str(keys_file)],
    )
    outcome = PostOutcome(sent=result["sent"])
    for entry in result["outcomes"]:
        outcome.add(PostOutcome(outcomes=entry))
    for line in Path(keys_file).read_text().splitlines():
        kind, key = line.split()
        getattr(outcome, kind).append(uuid.UUID(key))
    return measurement, outcome
