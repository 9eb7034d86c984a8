"""The benchmark of issue 5 ("Speed"): `make bench`, or `python -m tests.performance.bench`.

It starts the real stack twice, one after the other (tests/live_stack.py: gunicorn with the
production settings on a fresh database of the session's engine, DATABASE_URL or SQLite):
first with the page cache on (PAGE_CACHE=1, the production default), then with it off
(PAGE_CACHE=0). wrk (Debian's package) loads each stack from this machine.

The static ceiling is a file of exactly the home page's size in the stack's STATIC_ROOT,
served by whitenoise in the same gunicorn: the most a page can hope for, with the same
sockets, workers and middleware in front of it. Each stack measures its own ceiling, and every page's req/s is
divided by the ceiling measured right before it in the same stack, run and concurrency; the
ratio shown is the median of those. A shared ceiling would compare pages against a number
taken minutes earlier in another process, on a machine whose speed drifts (the load generator
shares its two cores with gunicorn); measuring it twice costs a few seconds and shows the
drift instead (the table's two ceiling rows).

Every figure is taken at each concurrency (BENCH_CONCURRENCY, default 4 and 32) in each of
BENCH_RUNS runs (default 3) of BENCH_SECONDS seconds (default 5); the table shows medians.
WEB_CONCURRENCY sets the worker count (default, as in production, one per core), and
GUNICORN_CMD_ARGS reaches gunicorn over its config file (e.g. "--max-requests 0").

The concern form is posted last, to the PAGE_CACHE=1 stack, with a valid report and a new
submission key each time (post_report.lua). Afterwards every key answered with the receipt
redirect must be stored, exactly once, and no row may exist that the sender was told had
failed. wrk stops in the middle of requests; those were never answered, may or may not be
stored, and are counted apart.

It prints whether each target holds and never fails on a miss: the process exits non-zero
only if something is broken (failed requests, lost or duplicated reports, no RSS).
"""

import datetime
import os
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

from tests.form_client import CSRF_INPUT, REPORT
from tests.live_stack import Stack
from tests.performance import results as r
from tests.performance import wrk
from tests.performance.table import format_result

HOME = "/"
AREA = "/satsingsomrader/rusforebygging/"
FORM = "/bekymring/"
CEILING_FILE = "bench-ceiling.html"


@dataclass(frozen=True)
class StackPlan:
    page_cache: str
    ceiling: str
    pages: list[tuple[str, str]]
    posts: bool = False


# The production default first; the concern form is posted to it after its pages.
STACKS = [
    StackPlan("PAGE_CACHE=1", r.CEILING, [(r.HOME_CACHED, HOME), (r.AREA_CACHED, AREA)], True),
    StackPlan(
        "PAGE_CACHE=0", r.CEILING_UNCACHED, [(r.HOME_UNCACHED, HOME), (r.AREA_UNCACHED, AREA)]
    ),
]


def _fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
        return response.read()


def _place_ceiling(stack):
    """A file of the home page's size in the stack's own STATIC_ROOT, and its URL.

    whitenoise lists STATIC_ROOT when a worker starts, so gunicorn starts again to see it.
    """
    size = len(_fetch(stack.url + HOME))
    line = b"<p>The static ceiling of the benchmark: a file as large as the home page.</p>\n"
    (stack.static_root / CEILING_FILE).write_bytes((line * (size // len(line) + 1))[:size])
    stack.restart_server()
    url = stack.url + "/static/" + CEILING_FILE
    served = len(_fetch(url))
    if served != size:
        raise RuntimeError(f"the ceiling file is served with {served} bytes, not {size}")
    return url, size


def _workers_memory(pids):
    """VmRSS and age of each worker; one that exited since the pids were read is skipped."""
    ticks = os.sysconf("SC_CLK_TCK")
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    found = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            stat = Path(f"/proc/{pid}/stat").read_text()
        except FileNotFoundError:
            continue
        kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
        # Field 22, counted after the command name, which may itself hold spaces.
        started = int(stat.rsplit(")", 1)[1].split()[19]) / ticks
        found.append(r.WorkerMemory(rss_mb=kb / 1024, age_seconds=uptime - started))
    return found


def _engine(stack):
    if stack.database.is_postgres:
        return "PostgreSQL " + stack.database.scalar("SHOW server_version")
    return "SQLite " + stack.database.scalar("SELECT sqlite_version()")


def _measure_pages(stack, result, plan, *, ceiling_url, warmup):
    """Each page right after a ceiling measurement, at every concurrency, run after run."""
    high = max(result.concurrencies)
    page_urls = [stack.url + path for _row, path in plan.pages]
    for url in page_urls:
        # wrk counts only 4xx and 5xx as errors: a redirect would be measured as a page.
        _fetch(url)
    if warmup:
        for url in [ceiling_url, *page_urls]:
            wrk.get(url, connections=high, seconds=warmup)
    for _run in range(result.runs):
        for c in result.concurrencies:
            ceiling = wrk.get(ceiling_url, connections=c, seconds=result.seconds)
            result.rows[plan.ceiling].add(c, ceiling, ceiling)
            for row, path in plan.pages:
                measurement = wrk.get(stack.url + path, connections=c, seconds=result.seconds)
                result.rows[row].add(c, measurement, ceiling)


def _form_session(stack):
    """The Cookie header and the form body around the key: one GET, reused for every POST."""
    with urllib.request.urlopen(stack.url + FORM, timeout=30) as response:
        html = response.read().decode()
        cookies = response.headers.get_all("Set-Cookie") or []
    cookie = "; ".join(header.split(";", 1)[0] for header in cookies)
    token = CSRF_INPUT.search(html)
    if token is None:
        raise RuntimeError(f"{FORM} has no CSRF token")
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), **REPORT})
    return cookie, body + "&submission_key=", ""


def _measure_posts(stack, result, work_dir, *, warmup):
    cookie, body_start, body_end = _form_session(stack)
    outcome = wrk.PostOutcome()
    ceilings = {c: iter(result.rows[r.CEILING].measurements[c]) for c in result.concurrencies}

    def post(c, seconds):
        measurement, sent = wrk.post_reports(
            stack.url + FORM,
            connections=c,
            seconds=seconds,
            body_start=body_start,
            body_end=body_end,
            cookie=cookie,
            keys_file=work_dir / f"keys-{uuid.uuid4().hex}.txt",
        )
        outcome.add(sent)
        return measurement

    if warmup:
        post(max(result.concurrencies), warmup)
    for _run in range(result.runs):
        for c in result.concurrencies:
            # Against the ceiling of the same run, measured before the pages of this stack.
            result.rows[r.POST].add(c, post(c, result.seconds), next(ceilings[c]))
    result.post = r.PostCheck.match(outcome, _stored_reports(stack))


def _stored_reports(stack):
    """The rows, once the requests wrk abandoned have been finished by the workers."""
    count = None
    for _ in range(40):
        latest = stack.database.scalar("SELECT COUNT(*) FROM concerns_report")
        if latest == count:
            break
        count = latest
        time.sleep(0.5)
    return stack.database.query("SELECT submission_key_hash, reference FROM concerns_report")


def run_benchmark(work_dir, *, seconds=5, runs=3, concurrencies=(4, 32), workers=None, warmup=1):
    """Both stacks, one after the other; returns the BenchResult that format_result prints."""
    wrk.wrk_path()
    workers = workers or int(os.environ.get("WEB_CONCURRENCY", len(os.sched_getaffinity(0))))
    result = r.BenchResult(
        date=datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        nproc=len(os.sched_getaffinity(0)),
        engine="",
        workers=workers,
        seconds=seconds,
        runs=runs,
        concurrencies=sorted(concurrencies),
        load_before=os.getloadavg()[0],
        gunicorn_args=os.environ.get("GUNICORN_CMD_ARGS", ""),
    )
    for plan in STACKS:
        stack_dir = work_dir / plan.page_cache.replace("=", "-").lower()
        stack_dir.mkdir(parents=True)
        with Stack(
            stack_dir,
            workers=workers,
            PAGE_CACHE=plan.page_cache.split("=")[1],
            REPORT_SUBMISSIONS_PER_HOUR=100_000_000,
            REPORT_POSTS_PER_HOUR=100_000_000,
        ) as stack:
            result.engine = _engine(stack)
            ceiling_url, result.page_bytes = _place_ceiling(stack)
            _measure_pages(stack, result, plan, ceiling_url=ceiling_url, warmup=warmup)
            if plan.posts:
                _measure_posts(stack, result, stack_dir, warmup=warmup)
            result.workers_memory[plan.page_cache] = _workers_memory(stack.worker_pids())
    return result


def _env_int(name, default):
    return int(os.environ.get(name) or default)


def main():
    try:
        wrk.wrk_path()
    except wrk.WrkMissing as error:
        sys.exit(str(error))
    concurrencies = [
        int(c) for c in os.environ.get("BENCH_CONCURRENCY", "4,32").split(",") if c.strip()
    ]
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="slt-bench-") as work_dir:
        result = run_benchmark(
            Path(work_dir),
            seconds=_env_int("BENCH_SECONDS", 5),
            runs=_env_int("BENCH_RUNS", 3),
            concurrencies=concurrencies,
        )
    print(format_result(result))
    print(f"\n(the benchmark took {time.monotonic() - started:.0f} s)")
    if result.problems():
        sys.exit(1)


if __name__ == "__main__":
    main()
