"""The case-work measurements, in the process of a Django set up on the built database.

Pages are requested in-process with Django's test client, through every middleware of the
production settings (DEBUG off), against the real PostgreSQL database, logged in as the
coordinator (or a unit's case officer) with a verified second factor: the whole request
but gunicorn and the socket. Each page is requested once to warm up, once with its
queries captured (their number, and each one's time), then once in each of `runs` rounds
over all the pages, for the medians.

The slowest queries of a page that misses its target are explained (EXPLAIN (ANALYZE,
BUFFERS)), so that the plans can be read next to the figures.
"""

import statistics
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from concerns.models import Report, ReportEvent
from concerns.retention import BATCH_SIZE, reports_erase_expired
from slt_portal.models import Authenticator
from tests.performance import casework_data

# The share of the reports the purge finds due: the 7,224 of 100,000.
DUE_SHARE = 0.07
TOP_QUERIES = 3


@dataclass
class Query:
    ms: float
    sql: str
    plan: str = ""


@dataclass
class Page:
    label: str
    path: str
    # The median it must stay under (None: the issue gives it none); its query count must
    # not grow with the number of reports either way.
    target_ms: float | None
    # Who asks: "coordinator", or "officer" (a case officer at the child welfare service).
    who: str = "coordinator"
    status: int = 0
    bytes: int = 0
    times_ms: list[float] = field(default_factory=list)
    # The CPU time of this process per request (Django, templates, decryption): what the
    # page costs whatever else runs on the machine, the database's share apart.
    cpu_ms: list[float] = field(default_factory=list)
    # Per request, the time spent in its queries, as the database driver saw them.
    sql_runs_ms: list[float] = field(default_factory=list)
    queries: int = 0
    slowest: list[Query] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times_ms) if self.times_ms else 0.0

    @property
    def median_cpu_ms(self) -> float:
        return statistics.median(self.cpu_ms) if self.cpu_ms else 0.0

    @property
    def median_sql_ms(self) -> float:
        return statistics.median(self.sql_runs_ms) if self.sql_runs_ms else 0.0


def logged_in(user: User) -> Client:
    """A client past the password and the second factor, as staff always are."""
    device, _created = Authenticator.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    # A page that fails is measured as its status, not raised: the run goes on.
    client = Client(raise_request_exception=False)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _url(name: str, query: str = "", *args) -> str:
    return reverse(name, args=args) + (f"?{query}" if query else "")


def _export_url(year: int) -> tuple[str, str]:
    """The statistics spreadsheet if the admin has one, else the older CSV export."""
    for name, label in (
        ("admin:concerns_report_statistics_xlsx", "spreadsheet (XLSX), a year"),
        ("admin:concerns_report_statistics_csv", "spreadsheet (CSV), a year"),
    ):
        try:
            return label, _url(name, f"kind=year&year={year}")
        except NoReverseMatch:
            continue
    return "spreadsheet, a year", ""


def plan_pages() -> tuple[list[Page], dict[str, Client]]:
    coordinator = User.objects.get(username=casework_data.COORDINATOR)
    officer = User.objects.filter(staff__unit__slug="barnevernstjenesten").order_by("pk").first()
    assert officer is not None
    clients = {"coordinator": logged_in(coordinator), "officer": logged_in(officer)}
    unit_id = officer.staff.unit_id
    # The last whole year: 12 of the 24 months.
    year = (timezone.localdate() - timedelta(days=365)).year
    # A closed report from the middle of the period and the newest one still open, of the
    # same shape at every size (a priority area and a case officer to show), so that the
    # query counts compare.
    shaped = Report.objects.filter(priority_area__isnull=False, assignee__isnull=False)
    closed = shaped.filter(status=Report.Status.CLOSED).order_by("pk")
    middle = closed[closed.count() // 2]
    newest_open = shaped.open().order_by("-pk").first()
    assert newest_open is not None
    export_label, export = _export_url(year)
    reports = _url("admin:concerns_report_changelist")
    access_log = _url("admin:concerns_reportevent_changelist")
    statistics_page = _url("admin:concerns_report_statistics", f"kind=year&year={year}")
    pages = [
        Page("desk (/admin/), coordinator", _url("admin:index"), 100),
        Page("desk (/admin/), unit staff", _url("admin:index"), 100, "officer"),
        Page("report list, first page", reports, 100),
        Page("report list, by unit", f"{reports}?recipient__id__exact={unit_id}", 100),
        Page("report list, overdue", f"{reports}?frist=overdue", 100),
        Page("report list, unit staff", reports, 100, "officer"),
        Page("report list, reference search", f"{reports}?q={middle.reference}", 100),
        Page("report page, closed", _url("admin:concerns_report_change", "", middle.pk), 100),
        Page("report page, open", _url("admin:concerns_report_change", "", newest_open.pk), 100),
        Page("access log, first page", access_log, 100),
        Page("access log, by person", f"{access_log}?actor__id__exact={officer.pk}", 100),
        Page(f"statistics, {year}", statistics_page, 1000),
        Page(export_label.replace("a year", str(year)), export, None),
    ]
    return pages, clients


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def prepare_page(page: Page, clients) -> None:
    """A first request (it warms up, and must answer 200), then one with its queries captured."""
    if not page.path:
        return
    client = clients[page.who]
    page.status = client.get(page.path).status_code
    if page.status != 200:
        return
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.path)
    page.bytes = len(response.content)
    page.queries = len(captured.captured_queries)
    ranked = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    page.slowest = [Query(ms=float(q["time"]) * 1000, sql=q["sql"]) for q in ranked[:TOP_QUERIES]]


def time_page(page: Page, clients) -> None:
    """One timed request: wall clock, this process's CPU, and the time spent in queries."""
    spent = [0.0]

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[0] += time.perf_counter() - started

    with connection.execute_wrapper(timed):
        started, cpu = time.perf_counter(), time.process_time()
        clients[page.who].get(page.path)
        page.times_ms.append((time.perf_counter() - started) * 1000)
        page.cpu_ms.append((time.process_time() - cpu) * 1000)
    page.sql_runs_ms.append(spent[0] * 1000)


def explain_slowest(page: Page, *, explain_all: bool) -> None:
    if connection.vendor != "postgresql" or not page.slowest:
        return
    if explain_all or page.median_ms > (page.target_ms or 1000):
        for query in page.slowest:
            if query.sql.lstrip().upper().startswith("SELECT"):
                query.plan = explain(query.sql)


@contextmanager
def counting_statements():
    counted = {"statements": 0}

    def count(execute, sql, params, many, context):
        counted["statements"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield counted


def measure_purge(*, explain_all: bool) -> dict:
    """The purge as it will run on the day when DUE_SHARE of the reports have fallen due."""
    closed = Report.objects.filter(closed_at__isnull=False, erased_at__isnull=True)
    due_share = max(1, round(Report.objects.count() * DUE_SHARE))
    cutoff = closed.order_by("closed_at").values_list("closed_at", flat=True)[due_share - 1]
    assert cutoff is not None
    now = cutoff + timedelta(days=settings.REPORT_RETENTION_DAYS, microseconds=1)
    due = Report.objects.due_for_erasure(now)
    due_count = due.count()
    due_ids = list(due.values_list("pk", flat=True))
    plan = ""
    if connection.vendor == "postgresql" and explain_all:
        # The purge's own look-up of its first batch.
        with CaptureQueriesContext(connection) as captured:
            list(due.order_by("pk").values_list("pk", flat=True)[:BATCH_SIZE])
        plan = explain(captured.captured_queries[-1]["sql"])
    with counting_statements() as counted:
        started = time.perf_counter()
        erased = reports_erase_expired(now=now)
        seconds = time.perf_counter() - started
    left = (
        Report.objects.filter(pk__in=due_ids).exclude(description="").count()
        + ReportEvent.objects.filter(report_id__in=due_ids).exclude(detail="").count()
    )
    return {
        "due": due_count,
        "erased": erased,
        "seconds": seconds,
        "statements": counted["statements"],
        "personal_data_left": left,
        "days_ahead": (now - timezone.now()).days,
        "due_plan": plan,
    }


def measure(*, runs: int, purge: bool, explain_all: bool) -> dict:
    pages, clients = plan_pages()
    for page in pages:
        prepare_page(page, clients)
    answering = [page for page in pages if page.status == 200]
    # Round after round of every page, rather than one page's requests in a row: a burst
    # of other work on the machine then slows every page a little, not one page a lot.
    for _round in range(runs):
        for page in answering:
            time_page(page, clients)
    for page in answering:
        explain_slowest(page, explain_all=explain_all)
    measured = pages
    found = {
        "reports": Report.objects.count(),
        "events": ReportEvent.objects.count(),
        "pages": [
            {
                **asdict(page),
                "median_ms": page.median_ms,
                "median_cpu_ms": page.median_cpu_ms,
                "median_sql_ms": page.median_sql_ms,
            }
            for page in measured
        ],
    }
    if purge:
        found["purge"] = measure_purge(explain_all=explain_all)
    return found
