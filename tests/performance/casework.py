"""The case-work benchmark of issue 12: `make bench-casework`, or
`python -m tests.performance.casework`. PostgreSQL only (DATABASE_URL=postgres://…).

It builds 100,000 reports over 24 months to 4 units (tests/performance/casework_data.py:
through the real models, the personal fields encrypted, about 6 events and a notification
per report) and measures what staff do with them (casework_measure.py): the desk, the
report list (first page, by unit, overdue, a unit's own, a reference search), a report
page, the access log, the statistics page and the spreadsheet for a year, and the purge of
the reports whose retention has run out. The pages are timed in-process with Django's test
client against the real PostgreSQL, with the production settings; each figure is the
median of CASEWORK_RUNS rounds over all the pages (default 15). It measures the same at 1,000 reports too
(CASEWORK_SMALL; 0 leaves it out), to show that no page's query count grows with the
reports.

A built database is kept, as slt_scale_seed_<reports>_<hash of the builder>, and each run
works on a copy of it (CREATE DATABASE … TEMPLATE), migrated to the checkout; so only the
first run builds (a few minutes for 100,000), and a run's writes (the purge, the views it
logs) never reach the seed. A seed older than CASEWORK_SEED_DAYS (default 7) is built again, since its
dates are relative to the day it was built; CASEWORK_REBUILD=1 rebuilds at once.
CASEWORK_EXPLAIN=1 prints the plan of every page's slowest queries, not only of the pages
that miss their target; CASEWORK_REPORTS changes the size.

It prints whether each target holds and never fails on a miss; it exits non-zero only if
something is broken (a page that does not answer 200, a purge that leaves personal data).
"""

import datetime
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

from tests.environment import TEST_ENVIRONMENT
from tests.live_stack import BIN, ROOT, session_database_url

HERE = Path(__file__).resolve().parent
# What is built: a change to the builder builds the seeds again.
VERSION = hashlib.sha256((HERE / "casework_data.py").read_bytes()).hexdigest()[:8]
REPORTS = 100_000
SMALL = 1_000
RUNS = 15
SEED_DAYS = 7
PURGE_TARGET_SECONDS = 60
# A build must not outlast this; 100,000 reports take a few minutes.
BUILD_TIMEOUT = 3600


class NotPostgres(RuntimeError):
    pass


def _server_url():
    base = session_database_url()
    if not base.startswith("postgres"):
        raise NotPostgres(
            "The case-work benchmark runs on PostgreSQL: "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/slt_portal make bench-casework"
        )
    return base.rsplit("/", 1)[0]


def _sql(sql, params=None):
    url = (_server_url() + "/postgres").replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def _child_env(database, work_dir):
    return {
        **os.environ,
        **TEST_ENVIRONMENT,
        "DJANGO_SETTINGS_MODULE": "slt_portal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"{_server_url()}/{database}",
        "CACHE_URL": f"file://{work_dir / 'cache'}",
        # Static files are served from the finders (casework_child.py): nothing is collected.
        "STATIC_ROOT": str(work_dir),
        "PYTHONUNBUFFERED": "1",
    }


def _child(database, work_dir, *args, timeout):
    output = work_dir / f"{uuid.uuid4().hex}.json"
    command = [BIN / "python", "-m", "tests.performance.casework_child", args[0], output]
    completed = subprocess.run(
        [*command, *map(str, args[1:])],
        cwd=ROOT,
        env=_child_env(database, work_dir),
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"casework_child {args[0]} on {database} failed")
    return json.loads(output.read_text())


def _exists(name):
    return bool(_sql("SELECT 1 FROM pg_database WHERE datname = %s", [name]))


def _drop(name):
    _sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _seed_info(name):
    rows = _sql(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        [name],
    )
    try:
        return json.loads(rows[0][0]) if rows and rows[0][0] else None
    except ValueError:
        return None


def _build(name, reports, work_dir):
    """Build the reports into a new database `name`; what was built, and how fast."""
    _sql(f'CREATE DATABASE "{name}"')
    try:
        found = _child(name, work_dir, "build", reports, timeout=BUILD_TIMEOUT)
    except BaseException:
        _drop(name)
        raise
    return {
        "built": datetime.datetime.now(datetime.UTC).isoformat(),
        "build_seconds": found["build_seconds"],
        "migrate_seconds": found["migrate_seconds"],
        **found["counts"],
    }


def seed(reports, work_dir, *, rebuild=False, max_days=SEED_DAYS, log=print):
    """The built database for this many reports: kept from an earlier run, or built now."""
    name = f"slt_scale_seed_{reports}_{VERSION}"
    info = _seed_info(name) if _exists(name) else None
    if info is not None and not rebuild:
        built = datetime.datetime.fromisoformat(info["built"])
        if datetime.datetime.now(datetime.UTC) - built < datetime.timedelta(days=max_days):
            return name, {**info, "reused": True}
    log(f"Building {reports:,} reports in {name} (kept for later runs)")
    # Seeds of this size that an older builder made are of no more use.
    for (stale,) in _sql(
        "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
        [f"slt\\_scale\\_seed\\_{reports}\\_%", name],
    ):
        _drop(stale)
    building = f"{name}_building"
    _drop(building)
    info = _build(building, reports, work_dir)
    _drop(name)
    _sql(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
    comment = json.dumps(info).replace("'", "''")
    _sql(f"COMMENT ON DATABASE \"{name}\" IS '{comment}'")
    return name, {**info, "reused": False}


def copy_of(seed_name):
    """A database of its own for one run: the seed's files copied, statistics included."""
    name = _run_name()
    started = time.monotonic()
    _sql(f'CREATE DATABASE "{name}" TEMPLATE "{seed_name}" STRATEGY FILE_COPY')
    return name, time.monotonic() - started


def _run_name():
    return f"slt_scale_run_{uuid.uuid4().hex[:10]}"


def measure_size(
    reports,
    work_dir,
    *,
    runs,
    purge,
    explain_all,
    rebuild,
    cache=True,
    template=None,
    keep=False,
    log=print,
):
    """One size, on a copy of its kept seed (cache) or on a database built for this run."""
    measuring = (runs, int(purge), int(explain_all))
    if not cache:
        # Built and measured in one process, on a database of its own.
        run = _run_name()
        _sql(f'CREATE DATABASE "{run}"' + (f' TEMPLATE "{template}"' if template else ""))
        try:
            found = _child(run, work_dir, "build-measure", reports, *measuring, timeout=3600)
        finally:
            _drop(run)
        info = {
            "built": datetime.datetime.now(datetime.UTC).isoformat(),
            "build_seconds": found["build_seconds"],
            "reused": False,
        }
        return {**found, "seed": {**info, "name": run, "copy_seconds": 0.0}}
    seed_name, info = seed(reports, work_dir, rebuild=rebuild, log=log)
    run, copy_seconds = copy_of(seed_name)
    try:
        found = _child(run, work_dir, "measure", *measuring, timeout=3600)
    finally:
        if keep:
            log(f"(kept {run} for a look)")
        else:
            _drop(run)
    return {**found, "seed": {**info, "name": seed_name, "copy_seconds": copy_seconds}}


def _migrated_empty(work_dir):
    name = _run_name()
    _sql(f'CREATE DATABASE "{name}"')
    try:
        _child(name, work_dir, "migrate", timeout=BUILD_TIMEOUT)
    except BaseException:
        _drop(name)
        raise
    return name


def server_version():
    return _sql("SHOW server_version")[0][0]


def run_casework(
    work_dir,
    *,
    reports=REPORTS,
    small=SMALL,
    runs=RUNS,
    purge=True,
    explain_all=False,
    rebuild=False,
    cache=True,
    keep=False,
    log=print,
):
    """Both sizes, the small one first; returns what format_casework prints. Without
    `cache`, each size is built for this run and dropped after it."""
    result = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "engine": "PostgreSQL " + server_version(),
        "nproc": len(os.sched_getaffinity(0)),
        "load_before": os.getloadavg()[0],
        "runs": runs,
        "sizes": {},
    }
    # Without kept seeds, the sizes are built on copies of one migrated empty database:
    # migrating takes longer than building a few hundred reports.
    template = None if cache else _migrated_empty(work_dir)
    try:
        for size in [s for s in (small, reports) if s]:
            log(f"Measuring at {size:,} reports")
            result["sizes"][size] = measure_size(
                size,
                work_dir,
                runs=runs,
                purge=purge and size == reports,
                explain_all=explain_all,
                rebuild=rebuild,
                cache=cache,
                template=template,
                keep=keep and size == reports,
                log=log,
            )
    finally:
        if template:
            _drop(template)
    return result


def problems(result):
    """What is broken, as opposed to slow: these make the run fail."""
    found = []
    for size, measured in result["sizes"].items():
        for page in measured["pages"]:
            if page["path"] and page["status"] != 200:
                found.append(f"{page['label']} at {size}: answered {page['status']}")
        purge = measured.get("purge")
        if purge and (purge["personal_data_left"] or purge["erased"] != purge["due"]):
            found.append(f"the purge at {size}: {purge}")
    return found


def targets(result):
    """(holds, text) for each target of issue 12 this run can judge."""
    sizes = sorted(result["sizes"])
    largest = result["sizes"][sizes[-1]]
    checks = []
    for index, page in enumerate(largest["pages"]):
        if not page["path"]:
            checks.append((False, f"{page['label']}: no such page"))
            continue
        counts = [result["sizes"][s]["pages"][index]["queries"] for s in sizes]
        if len(sizes) > 1:
            shown = " → ".join(f"{c}" for c in counts)
            checks.append((len(set(counts)) == 1, f"{page['label']}: queries fixed ({shown})"))
        if page["target_ms"] is not None:
            checks.append(
                (
                    page["median_ms"] < page["target_ms"],
                    f"{page['label']}: median {page['median_ms']:.0f} ms "
                    f"< {page['target_ms']:.0f} ms",
                )
            )
    purge = largest.get("purge")
    if purge:
        checks.append(
            (
                purge["seconds"] < PURGE_TARGET_SECONDS,
                f"purge of {purge['due']:,} reports: {purge['seconds']:.1f} s "
                f"< {PURGE_TARGET_SECONDS} s",
            )
        )
    return checks


def format_casework(result, *, plans=True):
    sizes = sorted(result["sizes"])
    largest = result["sizes"][sizes[-1]]
    busy = result["load_before"] > result["nproc"] / 2
    lines = [
        f"SLT portal case-work benchmark, {result['date']}",
        f"nproc {result['nproc']}, {result['engine']}; in-process (Django's test client, "
        f"production settings, DEBUG off), medians of {result['runs']} requests",
        f"load average before the start {result['load_before']:.2f}"
        + (" (BUSY: other work competed for the cores)" if busy else ""),
    ]
    for size in sizes:
        measured = result["sizes"][size]
        info = measured["seed"]
        how = (
            f"kept from {info['built'][:16]}"
            if info["reused"]
            else f"built in {info['build_seconds']:.0f} s"
        )
        lines.append(
            f"  {size:,} reports, {measured['events']:,} events: {info['name']} "
            f"({how}), copied in {info['copy_seconds']:.1f} s"
        )
    width = max(len(page["label"]) for page in largest["pages"])
    big = f"{sizes[-1]:,}"
    header = (
        f"{'':{width}} | {'queries at':>{10 * len(sizes) - 1}} | {'median ms at':>{10 * len(sizes) - 1}}"
        f" | {'at ' + big + ', ms of':>17} |"
    )
    header2 = (
        f"{'':{width}} | "
        + " ".join(f"{s:>9,}" for s in sizes)
        + " | "
        + " ".join(f"{s:>9,}" for s in sizes)
        + f" | {'CPU':>8} {'SQL':>8} | target    |   KB"
    )
    lines += ["", header, header2, "-" * len(header2)]
    for index, page in enumerate(largest["pages"]):
        row = [result["sizes"][s]["pages"][index] for s in sizes]
        queries = " ".join(f"{p['queries'] if p['path'] else '-':>9}" for p in row)
        medians = " ".join(f"{p['median_ms'] if p['path'] else 0:>9.1f}" for p in row)
        target = f"< {page['target_ms']:.0f} ms" if page["target_ms"] else "-"
        lines.append(
            f"{page['label']:<{width}} | {queries} | {medians} | "
            f"{page['median_cpu_ms']:>8.1f} {page['median_sql_ms']:>8.1f} | {target:<9} | "
            f"{page['bytes'] / 1024:>4.0f}"
        )
    lines += [
        "(medians per request: ms, the wall clock, in-process; CPU, this process's CPU time; "
        "SQL, the time in the page's queries)"
    ]
    purge = largest.get("purge")
    if purge:
        lines += [
            "",
            f"Purge of expired reports (as it will run in {purge['days_ahead']} days, when "
            f"{purge['due']:,} are due): {purge['seconds']:.1f} s, "
            f"{purge['statements']:,} statements; erased {purge['erased']:,}, "
            f"personal data left {purge['personal_data_left']}",
        ]
    lines += ["", "Targets (issue 12):"]
    lines += [f"  {'PASS' if holds else 'MISS'}  {text}" for holds, text in targets(result)]
    if plans:
        lines += _plans(largest)
    found = problems(result)
    if found:
        lines += ["", "BROKEN:"] + [f"  {problem}" for problem in found]
    return "\n".join(lines)


def _plans(measured):
    lines = []
    for page in measured["pages"]:
        explained = [q for q in page["slowest"] if q["plan"]]
        if not explained:
            continue
        lines += ["", f"== {page['label']}: its slowest queries"]
        for query in explained:
            lines += [f"-- {query['ms']:.1f} ms: {query['sql'][:600]}", query["plan"]]
    purge = measured.get("purge")
    if purge and purge.get("due_plan"):
        lines += ["", "== purge: the reports due", purge["due_plan"]]
    return lines


def _env_int(name, default):
    return int(os.environ.get(name) or default)


def main():
    try:
        _server_url()
    except NotPostgres as error:
        sys.exit(str(error))
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="slt-casework-") as work_dir:
        result = run_casework(
            Path(work_dir),
            reports=_env_int("CASEWORK_REPORTS", REPORTS),
            small=_env_int("CASEWORK_SMALL", SMALL),
            runs=_env_int("CASEWORK_RUNS", RUNS),
            explain_all=os.environ.get("CASEWORK_EXPLAIN") == "1",
            rebuild=os.environ.get("CASEWORK_REBUILD") == "1",
            keep=os.environ.get("CASEWORK_KEEP") == "1",
        )
    print(format_casework(result))
    print(f"\n(the case-work benchmark took {time.monotonic() - started:.0f} s)")
    if problems(result):
        sys.exit(1)


if __name__ == "__main__":
    main()
