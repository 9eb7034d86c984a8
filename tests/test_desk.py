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
    cases: dict[str, set[str]] = {key: set() for key in KEYS}
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


def test_coordinator_sees_every_units_counts_and_each_link_lists_exactly_them(coordinator, cases):
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
    # A copy: the next request empties the connection's log the capture reads from.
    return [query["sql"] for query in captured.captured_queries]


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
    # Both: the session, the user, the second factor, the staff membership, the permissions
    # (2). The coordinator: the worker's health (4), the lockouts (2), the app list's two
    # reads of the municipality, and the desk's own four: the units to choose from, one
    # aggregate over the open reports, one count of new messages from senders, one of
    # reports with a failed notification. Unit staff: their unit (for the title), the
    # aggregate and the count of new messages.
    coordinator_queries = _desk_queries(coordinator)
    teacher_queries = _desk_queries(teacher)
    desk_own = [
        sql
        for sql in coordinator_queries
        if '"concerns_report"' in sql or 'FROM "levels_unit"' in sql
    ]
    assert len(desk_own) == 4, desk_own
    aggregate = next(sql for sql in desk_own if "COUNT" in sql and "FILTER" in sql)
    assert "\"status\" IN ('new', 'received', 'in_progress')" in aggregate
    assert 'NOT ("concerns_report"."status" = \'closed\')' not in " ".join(desk_own)
    assert "DISTINCT" not in " ".join(desk_own)
    assert len(teacher_queries) < len(coordinator_queries)
    assert len(coordinator_queries) == 18, [sql[:90] for sql in coordinator_queries]
    assert len(teacher_queries) == 9, [sql[:90] for sql in teacher_queries]


# The report list the desk links to.


def _list_sql(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in captured.captured_queries]


def test_list_marks_overdue_by_icon_and_words_with_one_date_format(coordinator):
    late = _set(
        stored_report("barnevernstjenesten"),
        due_date=timezone.localdate() - timedelta(days=2),
        new_from_sender=True,
    )
    html, _sql = _list_sql(coordinator, LIST)
    row = html[html.index(late.reference) :]
    row = row[: row.index("</tr>")]
    day = (timezone.localdate() - timedelta(days=2)).strftime("%d.%m.%Y")
    assert '<strong class="deadline deadline--overdue"><svg class="case-icon" aria-hidden' in row
    assert f"{day} over fristen" in row
    assert "gjennomgang" in row  # which deadline
    assert timezone.localtime(late.created_at).strftime("%d.%m.%Y") in row
    assert "Ny melding fra avsender" in row and "case-flag" in row
    # The seven columns, narrow labels.
    for column in ["reference", "received", "recipient", "topic_label", "status_shown", "due"]:
        assert f'class="field-{column}' in row or f"column-{column}" in html
    assert "column-assignee_name" in html


def test_one_date_format_on_the_report_page_and_its_timeline(coordinator):
    report = stored_report("borkenes-skole")
    html = coordinator.get(f"/admin/concerns/report/{report.pk}/change/").content.decode()
    received = timezone.localtime(report.created_at)
    assert received.strftime("%d.%m.%Y %H:%M") in html  # received, and the timeline
    assert report.due_date.strftime("%d.%m.%Y") in html
    assert report.feedback_due_date.strftime("%d.%m.%Y") in html
    months = ["januar", "februar", "mars", "april", "juni", "juli", "august", "september"]
    months += ["oktober", "november", "desember"]
    assert not any(f"{received.day}. {month}" in html for month in months)


def test_search_finds_an_exact_reference_or_its_beginning_never_the_middle(coordinator):
    first, second = stored_report("borkenes-skole"), stored_report("helsestasjonen")
    html, sql = _list_sql(coordinator, f"{LIST}?q={first.reference.lower()}")
    assert set(LISTED.findall(html)) == {first.reference}
    year = first.reference.split("-")[1]
    assert set(LISTED.findall(coordinator.get(f"{LIST}?q={year}-").content.decode())) == {
        first.reference,
        second.reference,
    }
    middle = first.reference.split("-")[2]  # "0001": the number alone is no beginning
    assert LISTED.findall(coordinator.get(f"{LIST}?q={middle}").content.decode()) == []
    searched = next(query for query in sql if "ORDER BY" in query and "reference" in query)
    # The whole reference: exactly, which the unique index serves.
    assert f'"concerns_report"."reference" = \'{first.reference}\'' in searched
    assert "LIKE" not in searched
    _html, sql = _list_sql(coordinator, f"{LIST}?q={year}-")
    searched = next(query for query in sql if "ORDER BY" in query and "reference" in query)
    assert f"LIKE 'SLT-{year}-%'" in searched  # a beginning, never LIKE '%…%'
    assert "'%" not in searched


def test_the_list_filters_are_written_for_the_indexes(coordinator):
    stored_report("borkenes-skole")
    _html, sql = _list_sql(coordinator, f"{LIST}?frist=overdue")
    joined = " ".join(sql)
    assert 'NOT ("concerns_report"."status" = \'closed\')' not in joined
    assert "\"status\" IN ('new', 'received', 'in_progress')" in joined
    assert "DISTINCT" not in joined
    # One COUNT of the filtered list, not a second one of the whole table.
    assert sum("COUNT(" in query and '"concerns_report"' in query for query in sql) == 1
    # The encrypted fields are not read, so not decrypted, for a list that never shows them.
    page = next(query for query in sql if '"concerns_report"."reference"' in query)
    assert '"concerns_report"."description"' not in page
    assert '"concerns_report"."child_name"' not in page
    assert "when_to_contact_nb" not in page and "description_nb" not in page


def test_unit_staff_have_no_unit_or_outbox_filter(teacher):
    stored_report("borkenes-skole")
    html = teacher.get(LIST).content.decode()
    assert "recipient__id__exact" not in html
    assert "varsel=failed" not in html
    assert "frist=soon" in html and "venter=sender" in html


@pytest.mark.parametrize(
    "query", ["", "?frist=overdue", "?frist=soon", "?venter=sender", "?varsel=failed"]
)
def test_list_query_count_does_not_grow_with_the_reports(
    coordinator, coordinator_user, django_assert_num_queries, query
):
    unit_cases("borkenes-skole", coordinator_user)
    coordinator.get(LIST + query)
    # The session, user, second factor, membership, permissions (2), the unit filter's
    # units, the COUNT, the municipality (the admin's context) and the page of reports.
    with django_assert_num_queries(10):
        coordinator.get(LIST + query)
    for slug in UNITS:
        unit_cases(slug, coordinator_user)
    with django_assert_num_queries(10):
        coordinator.get(LIST + query)
