"""Who may open what: every kind of visitor against every URL that touches concern reports.

MATRIX below is the specification, one row per role and one column per page: the case list,
a report's change page (read and save), its history, delete and add pages, the plain-text
export (text and PDF), the statistics page and its spreadsheet, the access log, the notification admin, the task
queue's admin, the registration of a concern taken by phone, letter or in a meeting (the
form, its post, and the page that shows the receipt code once) and the topics of the
concern form. Report pages are checked against a report routed to each of the four units.

For every cell the module proves the status code and where a redirect goes, that a report's
child name and description appear only on its change page or export and only for a role that
may open it, and that each allowed read (change page or export) writes exactly one event in
the access log with the right actor, while a refused request writes none.

How the project answers a refusal (concerns/admin/reports.py, slt_portal/admin_site.py):
- a report the user may not see gives 404 whether it exists or not, so a refusal does not
  reveal that a report exists at another unit;
- pages the role has no permission for give 403; nobody adds or deletes reports, so the
  delete page gives 403 for every report, existing or not, seen or not;
- without a login the admin redirects to its login page, and a password without the second
  factor redirects to /admin/2fa/;
- a superuser is not special: reports are visible through a StaffMember only
  (ReportQuerySet.visible_to), so a superuser without a unit sees no report and no statistics.
"""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from concerns.models import Notification, Report, ReportEvent, Topic
from concerns.roles import permissions_for
from tests.conftest import logged_in, make_staff
from tests.reports import stored_report, valid_form

pytestmark = pytest.mark.django_db

UNITS = ["slt-koordinator", "borkenes-skole", "helsestasjonen", "barnevernstjenesten"]

# Outcomes.
OK = "200, with the page's content"
SAVED = "302 to the case list, saved"
NOT_FOUND = "404"
FORBIDDEN = "403"
LOGIN = "302 to the admin login"
SECOND_FACTOR = "302 to the second-factor page"
NO_SUCH_OBJECT = "302 to the admin index: not among the objects this user may see"
REGISTERED = "302 to the registered concern's receipt, stored"

REPORT_PAGES = ["change", "change_post", "history", "export", "export_pdf", "delete"]
OTHER_PAGES = [
    "changelist",
    "add",
    "statistics",
    "statistics_xlsx",
    "access_log",
    "access_log_entry",
    "notifications",
    "notification",
    "tasks",
    "register",
    "register_post",
    "registered",
    "topics",
    "topic",
]
PAGES = REPORT_PAGES + OTHER_PAGES


def for_units(allowed, outcome=OK):
    """A report page: `outcome` for reports routed to the allowed units, 404 for the others."""
    return {unit: outcome if unit in allowed else NOT_FOUND for unit in UNITS}


def everywhere(outcome):
    return dict.fromkeys(PAGES, outcome)


def unit_staff(*units):
    """Staff of the given units (none: staff with admin access but no unit)."""
    return {
        "changelist": OK,
        "change": for_units(set(units)),
        "change_post": for_units(set(units), SAVED),
        "history": for_units(set(units)),
        "export": for_units(set(units)),
        "export_pdf": for_units(set(units)),
        "delete": FORBIDDEN,
        "add": FORBIDDEN,
        "statistics": FORBIDDEN,
        "statistics_xlsx": FORBIDDEN,
        "access_log": FORBIDDEN,
        "access_log_entry": FORBIDDEN,
        "notifications": FORBIDDEN,
        "notification": FORBIDDEN,
        "tasks": FORBIDDEN,
        # Any staff member of a unit registers a concern taken by phone; without a unit, no.
        "register": OK if units else FORBIDDEN,
        "register_post": REGISTERED if units else FORBIDDEN,
        "registered": OK if units else FORBIDDEN,
        "topics": FORBIDDEN,
        "topic": FORBIDDEN,
    }


MATRIX = {
    "anonymous": everywhere(LOGIN),
    # A coordinator's account with the password typed but no code from the authenticator.
    "password_only": everywhere(SECOND_FACTOR),
    # A coordinator's account, deactivated while logged in.
    "deactivated": everywhere(LOGIN),
    # A coordinator's account whose staff status was taken away while logged in.
    "no_longer_staff": everywhere(LOGIN),
    # Staff with admin access but no unit.
    "stranger": unit_staff(),
    "teacher": unit_staff("borkenes-skole"),
    "nurse": unit_staff("helsestasjonen"),
    "child_welfare": unit_staff("barnevernstjenesten"),
    "coordinator": {
        "changelist": OK,
        "change": for_units(set(UNITS)),
        "change_post": for_units(set(UNITS), SAVED),
        "history": for_units(set(UNITS)),
        "export": for_units(set(UNITS)),
        "export_pdf": for_units(set(UNITS)),
        "delete": FORBIDDEN,
        "add": FORBIDDEN,
        "statistics": OK,
        "statistics_xlsx": OK,
        "access_log": OK,
        "access_log_entry": OK,
        "notifications": OK,
        "notification": OK,
        "tasks": FORBIDDEN,
        "register": OK,
        "register_post": REGISTERED,
        "registered": OK,
        "topics": OK,
        "topic": OK,
    },
    # Every permission, but no StaffMember: no report, no statistics, no access log, no
    # registering a concern; the topics are configuration, which every permission covers.
    "superuser": {
        **unit_staff(),
        "notifications": OK,
        "notification": NO_SUCH_OBJECT,
        "tasks": OK,
        "topics": OK,
        "topic": OK,
    },
}

# The reports each role's case list shows, and whose notifications its notification list shows.
LISTS = {
    "stranger": set(),
    "teacher": {"borkenes-skole"},
    "nurse": {"helsestasjonen"},
    "child_welfare": {"barnevernstjenesten"},
    "coordinator": set(UNITS),
    "superuser": set(),
}


def test_the_matrix_covers_every_role_and_page():
    for role, row in MATRIX.items():
        assert set(row) == set(PAGES), role
        for page in REPORT_PAGES:
            outcome = row[page]
            assert isinstance(outcome, str) or set(outcome) == set(UNITS), (role, page)


@pytest.fixture
def reports(db):
    return {
        unit: stored_report(
            unit,
            child_name=f"Barnenavn ved {unit}",
            description=f"Beskrivelse sendt til {unit}",
            child_school=f"Skole ved {unit}",
        )
        for unit in UNITS
    }


def secrets_of(report):
    return [report.child_name, report.description, report.child_school]


def client_for(role):
    """(client, user) for a role; the anonymous visitor has no user."""
    if role == "anonymous":
        return Client(), None
    if role in {"teacher", "nurse", "child_welfare"}:
        unit = {"teacher": "borkenes-skole", "nurse": "helsestasjonen"}.get(
            role, "barnevernstjenesten"
        )
        user = make_staff(role, unit)
        return logged_in(user), user
    if role == "stranger":
        user = User.objects.create(username="uten-enhet", is_staff=True)
        user.user_permissions.set(permissions_for(coordinator=False))
        return logged_in(user), user
    if role == "superuser":
        user = User.objects.create(username="drift", is_staff=True, is_superuser=True)
        return logged_in(user), user
    user = make_staff(f"koordinator-{role}", "slt-koordinator", coordinator=True)
    if role == "password_only":
        client = Client()
        client.force_login(user)
        return client, user
    client = logged_in(user)
    if role == "deactivated":
        user.is_active = False
        user.save(update_fields=["is_active"])
    elif role == "no_longer_staff":
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    return client, user


def case_form(report, role):
    return {
        "status": report.status,
        "outcome": report.outcome,
        "assignee": "",
        "message_to_sender": "",
        "note": f"Notat fra {role}",
        "forward_to": "",
    }


def requests_for(page, role, report, reports):
    """The requests that make up one cell: (method, URL, data)."""
    args = [report.pk] if report else []
    if page == "change":
        return [("get", reverse("admin:concerns_report_change", args=args), None)]
    if page == "change_post":
        url = reverse("admin:concerns_report_change", args=args)
        return [("post", url, case_form(report, role))]
    if page in {"history", "export", "export_pdf"}:
        return [("get", reverse(f"admin:concerns_report_{page}", args=args), None)]
    if page == "delete":
        url = reverse("admin:concerns_report_delete", args=args)
        return [("get", url, None), ("post", url, {"post": "yes"})]
    if page == "add":
        url = reverse("admin:concerns_report_add")
        return [("get", url, None), ("post", url, {"description": "Ny melding"})]
    if page == "register_post":
        return [("post", reverse("admin:concerns_report_register"), intake_form(role))]
    school = reports["borkenes-skole"]
    name = {
        "changelist": ("admin:concerns_report_changelist", []),
        "statistics": ("admin:concerns_report_statistics", []),
        "statistics_xlsx": ("admin:concerns_report_statistics_xlsx", []),
        "access_log": ("admin:concerns_reportevent_changelist", []),
        "access_log_entry": (
            "admin:concerns_reportevent_change",
            [school.events.get(kind=ReportEvent.Kind.SUBMITTED).pk],
        ),
        "notifications": ("admin:concerns_notification_changelist", []),
        "notification": (
            "admin:concerns_notification_change",
            [Notification.objects.get(report=school).pk],
        ),
        "tasks": ("admin:django_tasks_database_dbtaskresult_changelist", []),
        "register": ("admin:concerns_report_register", []),
        "registered": ("admin:concerns_report_registered", []),
        "topics": ("admin:concerns_topic_changelist", []),
        "topic": ("admin:concerns_topic_change", [Topic.objects.get(slug="rus").pk]),
    }[page]
    return [("get", reverse(name[0], args=name[1]), None)]


def intake_form(role):
    """A concern taken by phone: the public form's fields, how it came in and the language."""
    data = valid_form(
        child_name=f"Barn meldt på telefon til {role}",
        description=f"Ringte {role} om en bekymring",
        channel="phone",
        language="nb",
    )
    return data


def send(client, method, url, data):
    if method == "get":
        return client.get(url)
    return client.post(url, data or {})


def answer(response):
    """The status code, and for a redirect what it leads to, as the matrix names it."""
    if response.status_code != 302:
        return {200: OK, 404: NOT_FOUND, 403: FORBIDDEN}.get(response.status_code)
    target = response.url
    if target == reverse("admin:concerns_report_registered"):
        return REGISTERED
    if target.startswith(reverse("admin:login")):
        return LOGIN
    if target.startswith(reverse("two_factor")):
        return SECOND_FACTOR
    if target == reverse("admin:index"):
        return NO_SUCH_OBJECT
    if target.startswith(reverse("admin:concerns_report_changelist")):
        return SAVED
    return f"302 to {target}"


def assert_page_content(page, role, html, report, reports):
    """What an allowed page must show, beyond its status code."""
    if page in {"change", "export"}:
        for secret in secrets_of(report):
            assert secret in html
    elif page == "history":
        assert report.reference in html
    elif page == "changelist":
        for unit, other in reports.items():
            assert (other.reference in html) == (unit in LISTS[role]), unit
    elif page == "statistics":
        assert "Statistikk for Politirådet" in html
    elif page == "export_pdf":
        # The PDF's text is drawn as glyphs: its content is tested in tests/test_archive_pdf.py.
        assert html.startswith("%PDF-")
    elif page == "statistics_xlsx":
        assert html.startswith("PK")
    elif page == "access_log":
        for other in reports.values():
            assert other.reference in html
    elif page == "access_log_entry":
        assert reports["borkenes-skole"].reference in html
    elif page == "notifications":
        for unit, other in reports.items():
            assert (other.reference in html) == (unit in LISTS[role]), unit
    elif page == "notification":
        assert reports["borkenes-skole"].reference in html
    elif page == "register":
        assert 'name="channel"' in html and 'name="description"' in html
    elif page == "registered":
        assert "Ingen kvittering å vise" in html
    elif page == "topics":
        assert "Vold eller overgrep" in html and "Radikalisering eller ekstremisme" in html
    elif page == "topic":
        assert 'value="Rus"' in html


def expected_events(page, outcome, report, user):
    """The access-log rows one request must add: reads and saves by the user, nothing else."""
    if outcome == OK and page == "change":
        return [(report.pk, ReportEvent.Kind.VIEWED, user.pk)]
    if outcome == OK and page in {"export", "export_pdf"}:
        return [(report.pk, ReportEvent.Kind.EXPORTED, user.pk)]
    if outcome == SAVED:
        return [(report.pk, ReportEvent.Kind.NOTE, user.pk)]
    if outcome == REGISTERED:
        # A new report, its first event by the staff member who registered it.
        return [(Report.objects.latest("pk").pk, ReportEvent.Kind.SUBMITTED, user.pk)]
    if outcome == NOT_FOUND and page in {
        "change",
        "change_post",
        "history",
        "export",
        "export_pdf",
    }:
        # A logged-in user's try at a report they may not see is on its timeline.
        return [(report.pk, ReportEvent.Kind.REFUSED, user.pk)]
    return []


CELLS = [
    pytest.param(role, page, id=f"{role}-{page}") for role, row in MATRIX.items() for page in row
]


@pytest.mark.parametrize(("role", "page"), CELLS)
def test_access(reports, role, page):
    client, user = client_for(role)
    expected = MATRIX[role][page]
    targets = [(unit, reports[unit]) for unit in UNITS] if page in REPORT_PAGES else [(None, None)]
    for unit, report in targets:
        outcome = expected[unit] if isinstance(expected, dict) else expected
        for method, url, data in requests_for(page, role, report, reports):
            last_event = ReportEvent.objects.order_by("-pk").values_list("pk", flat=True)[0]
            where = f"{role} {method.upper()} {url} (report at {unit}): expected {outcome}"

            response = send(client, method, url, data)

            got = answer(response)
            assert got == outcome, f"{where}; got {response.status_code}: {got}"
            if outcome == SECOND_FACTOR:
                # After the code, the user comes back to the page asked for.
                assert response.url.endswith(f"?next={url}"), where
            body = response.content.decode(errors="replace")
            if outcome == OK:
                assert_page_content(page, role, body, report, reports)
            for other_unit, other in reports.items():
                shows_content = outcome == OK and page in {"change", "export"} and other == report
                for secret in secrets_of(other):
                    assert (secret in body) == shows_content, (where, other_unit, secret)
            added = list(
                ReportEvent.objects.filter(pk__gt=last_event)
                .order_by("pk")
                .values_list("report_id", "kind", "actor_id")
            )
            assert added == expected_events(page, outcome, report, user), where
    # Whatever was refused, every report is still there, where it was, and unchanged.
    for unit, report in reports.items():
        stored = Report.objects.get(pk=report.pk)
        assert (stored.recipient.slug, stored.status) == (unit, Report.Status.NEW)


def without_nonce(response):
    # The pages carry a fresh CSP nonce each time; everything else must be identical.
    return re.sub(r'nonce="[^"]*"', "", response.content.decode())


@pytest.mark.parametrize("role", ["teacher", "coordinator", "stranger", "superuser"])
@pytest.mark.parametrize(
    ("page", "refused"), [("change", 404), ("history", 404), ("export", 404), ("delete", 403)]
)
def test_a_report_that_does_not_exist_looks_like_one_of_another_unit(reports, role, page, refused):
    """The refusal gives away nothing: an unknown id and another unit's report answer alike."""
    client, _user = client_for(role)
    missing = max(report.pk for report in reports.values()) + 1000
    unknown = client.get(reverse(f"admin:concerns_report_{page}", args=[missing]))
    assert unknown.status_code == refused
    if role != "coordinator":
        elsewhere = client.get(
            reverse(f"admin:concerns_report_{page}", args=[reports["helsestasjonen"].pk])
        )
        assert elsewhere.status_code == refused
        assert without_nonce(elsewhere) == without_nonce(unknown)
