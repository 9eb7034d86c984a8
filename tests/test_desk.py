"""The desk, the first page after login: counts of what needs doing, each a link to a list.

Unit staff see their own unit's counts, the coordinator every unit's, or one unit's. Each
count's link leads to the report list with exactly the reports it counted. The counts take
a fixed number of queries, however many reports there are.
"""

import re
import uuid
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from concerns.models import Notification, Report
from concerns.services import report_add_sender_message, report_update_case
from levels.models import Unit
from tests.reports import stored_report

pytestmark = pytest.mark.django_db

DESK = "/admin/"
LIST = "/admin/concerns/report/"
UNITS = ["slt-koordinator", "borkenes-skole", "helsestasjonen", "barnevernstjenesten"]
KEYS = ["new", "from_sender", "waiting", "soon", "overdue", "failed"]

COUNT = re.compile(
    r'<li class="desk-count desk-count--(?P<key>\w+)[^"]*">\s*<a href="(?P<url>[^"]+)">\s*'
    r'<span class="desk-count__number">(?P<count>\d+)</span>'
)
LISTED = re.compile(r'<th class="field-reference"><a href="[^"]+">(SLT-\d{4}-\d{4,})</a>')


def desk_counts(client, path=DESK):
    html = client.get(path).content.decode()
    return {
        match["key"]: (int(match["count"]), unescape(match["url"]))
        for match in COUNT.finditer(html)
    }


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return set(LISTED.findall(response.content.decode()))


def _set(report, **fields):
    Report.objects.filter(pk=report.pk).update(**fields)
    report.refresh_from_db()
    return report


def unit_cases(slug, actor):
    """One report for each figure of the desk, in the given unit; by the key it counts under.

    A new report is due within 7 days by its review deadline (7 days), so "new" reports
    count as "soon" too.
    """
    today = timezone.localdate()
    cases = {key: set() for key in KEYS}
    fresh = stored_report(slug)
    cases["new"].add(fresh.reference)
    cases["soon"].add(fresh.reference)

    late = _set(stored_report(slug), due_date=today - timedelta(days=1))
    cases["new"].add(late.reference)
    cases["overdue"].add(late.reference)

    # Reviewed and asked the sender: waiting for the answer; both deadlines met.
    asked = stored_report(slug)
    report_update_case(
        report=asked,
        actor=actor,
        status=Report.Status.IN_PROGRESS,
        outcome="",
        assignee=None,
        message="Kan du fortelle mer om hva du så?",
    )
    cases["waiting"].add(asked.reference)

    # Asked, and the sender answered: a new message from the sender, no longer waiting.
    answered = stored_report(slug)
    report_update_case(
        report=answered,
        actor=actor,
        status=Report.Status.RECEIVED,
        outcome="",
        assignee=None,
        message="Hvem kan vi kontakte?",
    )
    report_add_sender_message(report=answered, text="Læreren.", message_key=uuid.uuid4())
    cases["from_sender"].add(answered.reference)

    # Closed, and the sender wrote afterwards: still marked, though closed.
    closed = stored_report(slug)
    report_update_case(
        report=closed,
        actor=actor,
        status=Report.Status.CLOSED,
        outcome=Report.Outcome.NO_ACTION,
        assignee=None,
    )
    report_add_sender_message(report=closed, text="Takk.", message_key=uuid.uuid4())
    cases["from_sender"].add(closed.reference)

    # Reviewed, not answered: the feedback deadline is the pending one.
    unanswered_soon = _set(
        stored_report(slug),
        status=Report.Status.RECEIVED,
        feedback_due_date=today + timedelta(days=3),
    )
    cases["soon"].add(unanswered_soon.reference)
    unanswered_late = _set(
        stored_report(slug),
        status=Report.Status.IN_PROGRESS,
        feedback_due_date=today - timedelta(days=2),
    )
    cases["overdue"].add(unanswered_late.reference)
    # Met and far off: counted nowhere.
    _set(stored_report(slug), status=Report.Status.RECEIVED, answered_at=timezone.now())

    # A notification that could not be sent (the coordinator's count).
    Notification.objects.filter(report=unanswered_soon).update(status=Notification.Status.FAILED)
    cases["failed"].add(unanswered_soon.reference)
    return cases


@pytest.fixture
def cases(coordinator_user):
    return {slug: unit_cases(slug, coordinator_user) for slug in UNITS}


def all_units(cases):
    return {key: set().union(*(unit[key] for unit in cases.values())) for key in KEYS}


@pytest.mark.parametrize(
    ("persona", "unit"),
    [
        ("teacher", "borkenes-skole"),
        ("nurse", "helsestasjonen"),
        ("child_welfare", "barnevernstjenesten"),
    ],
)
def test_unit_staff_see_only_their_units_counts(request, cases, persona, unit):
    client = request.getfixturevalue(persona)
    counts = desk_counts(client)
    assert "failed" not in counts  # the outbox is the coordinator's
    for key in KEYS[:-1]:
        count, url = counts[key]
        assert count == len(cases[unit][key]), key
        # The link lists exactly the reports counted, and nothing of another unit.
        assert listed(client, url) == cases[unit][key], key
    html = client.get(DESK).content.decode()
    assert f"Saker for {Unit.objects.get(slug=unit).name_nb}" in html
    assert 'class="desk-units"' not in html  # no choice of unit


def test_coordinator_sees_every_units_counts_and_each_link_lists_exactly_them(
    coordinator, cases
):
    counts = desk_counts(coordinator)
    expected = all_units(cases)
    assert set(counts) == set(KEYS)
    for key in KEYS:
        count, url = counts[key]
        assert count == len(expected[key]), key
        assert listed(coordinator, url) == expected[key], key


def test_coordinator_chooses_a_unit_and_the_links_keep_it(coordinator, cases):
    unit = Unit.objects.get(slug="barnevernstjenesten")
    html = coordinator.get(DESK).content.decode()
    assert f'href="/admin/?enhet={unit.pk}"' in html
    counts = desk_counts(coordinator, f"{DESK}?enhet={unit.pk}")
    for key in KEYS:
        count, url = counts[key]
        assert f"recipient__id__exact={unit.pk}" in url
        assert count == len(cases["barnevernstjenesten"][key]), key
        assert listed(coordinator, url) == cases["barnevernstjenesten"][key], key
    page = coordinator.get(f"{DESK}?enhet={unit.pk}").content.decode()
    assert f"Saker for {unit.name_nb}" in page
    assert f'<a href="/admin/?enhet={unit.pk}" aria-current="page">' in page


def test_an_unknown_unit_shows_every_unit(coordinator, cases):
    everything = desk_counts(coordinator)
    assert desk_counts(coordinator, f"{DESK}?enhet=999999") == everything
    assert desk_counts(coordinator, f"{DESK}?enhet=x") == everything


def test_staff_without_a_unit_see_no_counts_and_are_told_why(stranger, cases):
    html = stranger.get(DESK).content.decode()
    assert not COUNT.search(html)
    assert "ikke knyttet til en enhet" in html


def test_the_desk_keeps_the_warnings_and_the_content_apps(coordinator, teacher):
    html = coordinator.get(DESK).content.decode()
    # No worker has been seen in a test: the coordinator is told, first.
    assert html.index("Dette må følges opp") < html.index('class="desk"')
    assert "Oppgavekjøreren" in html
    assert "Innhold og innstillinger" in html
    assert 'href="/admin/levels/unit/"' in html
    assert f'href="{LIST}"' in html  # all reports
    assert "Oppgavekjøreren" not in teacher.get(DESK).content.decode()


def test_overdue_is_marked_by_an_icon_and_words_on_the_desk(coordinator, cases):
    html = coordinator.get(DESK).content.decode()
    card = html[html.index("desk-count--overdue") :]
    card = card[: card.index("</li>")]
    assert "desk-count--alert" in card
    assert '<svg class="case-icon" aria-hidden="true"' in card
    assert "Over fristen" in card


def _desk_queries(client, path=DESK):
    client.get(path)  # the first request of a session also writes the session
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return captured


@pytest.mark.parametrize("persona", ["coordinator", "teacher"])
def test_desk_query_count_does_not_grow_with_the_reports(
    request, persona, coordinator_user, django_assert_num_queries
):
    client = request.getfixturevalue(persona)
    unit_cases("borkenes-skole", coordinator_user)
    few = len(_desk_queries(client))
    for slug in UNITS:
        unit_cases(slug, coordinator_user)
    one_unit = f"{DESK}?enhet={Unit.objects.get(slug='helsestasjonen').pk}"
    with django_assert_num_queries(few):
        client.get(DESK)
    with django_assert_num_queries(few):
        client.get(one_unit)


def test_desk_query_counts_are_pinned(coordinator, teacher, coordinator_user):
    unit_cases("borkenes-skole", coordinator_user)
    # The session, the user, the second factor, the staff membership, the permissions (2)
    # and the admin's app list; the worker's health (4) and the lockouts (1) for the
    # coordinator; then the desk's own: the units, one aggregate over the open reports, one
    # count of new messages from senders, one of failed notifications.
    coordinator_queries = _desk_queries(coordinator)
    teacher_queries = _desk_queries(teacher)
    desk_own = [
        q["sql"]
        for q in coordinator_queries.captured_queries
        if '"concerns_report"' in q["sql"] or 'FROM "levels_unit"' in q["sql"]
    ]
    assert len(desk_own) == 4, desk_own
    aggregate = next(sql for sql in desk_own if "COUNT" in sql and "FILTER" in sql)
    assert "\"status\" IN ('new', 'received', 'in_progress')" in aggregate
    assert "NOT (\"concerns_report\".\"status\" = 'closed')" not in " ".join(desk_own)
    assert "DISTINCT" not in " ".join(desk_own)
    assert len(teacher_queries) < len(coordinator_queries)
    assert len(coordinator_queries) == 15, [q["sql"][:90] for q in coordinator_queries]
    assert len(teacher_queries) == 9, [q["sql"][:90] for q in teacher_queries]
