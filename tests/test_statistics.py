"""The statistics for Politirådet: periods, figures, the page, its charts and the spreadsheet."""

import dataclasses
import io
import json
import re
import uuid
import zipfile
from datetime import UTC, date, datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from concerns.models import Report, Topic
from concerns.statistics import Period, report_figures
from concerns.statistics.periods import PeriodForm, period_form
from levels.models import Unit
from tests.reports import stored_report

pytestmark = pytest.mark.django_db

PAGE = "/admin/concerns/report/statistikk/"
XLSX = "/admin/concerns/report/statistikk.xlsx"
# The two aggregate queries and the three look-ups of labels: topics, priority areas, units.
FIGURE_QUERIES = 5


def at(year, month, day, hour=12):
    return timezone.make_aware(datetime(year, month, day, hour))


def report(unit="politiet", *, created, **changes):
    """A report as the form stores it, moved to `created` and changed as given."""
    stored = stored_report(unit, **changes.pop("form", {}))
    changes.setdefault("due_date", timezone.localtime(created).date() + timedelta(days=7))
    changes.setdefault("feedback_due_date", timezone.localtime(created).date() + timedelta(days=21))
    Report.objects.filter(pk=stored.pk).update(created_at=created, **changes)
    return Report.objects.get(pk=stored.pk)


def many_reports(count, *, unit="politiet", created=None, **fields):
    """Reports written straight to the table, for the tests that need many."""
    recipient = Unit.objects.get(slug=unit)
    created = created or timezone.now()
    Report.objects.bulk_create(
        Report(
            reference=f"BULK-{uuid.uuid4().hex[:20]}",
            receipt_code_hash=uuid.uuid4().hex,
            submission_key_hash=uuid.uuid4().hex,
            created_at=created,
            kind=Report.Kind.REPORT,
            reporter_role=fields.get("reporter_role", Report.ReporterRole.PROFESSIONAL),
            child_age=12,
            guardians_informed=Report.GuardiansInformed.UNKNOWN,
            category=Report.Category.OTHER,
            description="Beskrivelse",
            recipient=recipient,
            due_date=timezone.localdate() + timedelta(days=7),
            feedback_due_date=timezone.localdate() + timedelta(days=21),
        )
        for _ in range(count)
    )


def test_periods_cover_whole_local_days_and_name_themselves():
    assert Period.year(2026) == Period("year", date(2026, 1, 1), date(2026, 12, 31))
    assert Period.quarter(2026, 4).start == date(2026, 10, 1)
    assert Period.quarter(2026, 4).end == date(2026, 12, 31)
    assert Period.month(2024, 2).end == date(2024, 2, 29)
    assert Period.quarter(2026, 3).label == "3. kvartal 2026"
    assert Period.month(2026, 9).label == "september 2026"
    assert Period.between(date(2026, 1, 5), date(2026, 2, 3)).label == "05.01.2026–03.02.2026"
    assert [p.slug for p in (Period.year(2026), Period.quarter(2026, 3))] == ["2026", "2026-k3"]
    assert Period.between(date(2026, 1, 5), date(2026, 2, 3)).slug == "2026-01-05_2026-02-03"
    start, end = Period.month(2026, 7).bounds()
    # Midnight in Norway, summer time: 22:00 UTC the day before.
    assert start.astimezone(UTC) == datetime(2026, 6, 30, 22, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2026, 7, 31, 22, tzinfo=UTC)
    assert Period.quarter(2026, 2).months() == [
        date(2026, 4, 1),
        date(2026, 5, 1),
        date(2026, 6, 1),
    ]
    with pytest.raises(ValueError):
        Period.between(date(2026, 2, 1), date(2026, 1, 1))


@pytest.mark.parametrize(
    ("query", "period"),
    [
        ({}, Period.year(2026)),
        ({"kind": "year", "year": "2025"}, Period.year(2025)),
        ({"kind": "quarter", "year": "2026", "quarter": "2"}, Period.quarter(2026, 2)),
        ({"kind": "month", "year": "2026", "month": "9"}, Period.month(2026, 9)),
        (
            {"kind": "range", "start": "2026-03-01", "end": "2026-05-15"},
            Period.between(date(2026, 3, 1), date(2026, 5, 15)),
        ),
        # Anything wrong: this year, and the form says what.
        ({"kind": "range", "start": "2026-05-15", "end": "2026-03-01"}, Period.year(2026)),
        ({"kind": "quarter", "year": "2026"}, Period.year(2026)),
        ({"kind": "year", "year": "2099"}, Period.year(2026)),
        ({"kind": "range", "start": "2001-01-01", "end": "2026-01-01"}, Period.year(2026)),
    ],
)
def test_the_period_comes_from_the_query_and_defaults_to_this_year(query, period):
    form = period_form(query, today=date(2026, 12, 2))
    assert form.period == period
    assert form.is_bound == bool(query)
    if query and period == Period.year(2026) and query.get("year") != "2026":
        assert form.errors


def test_a_period_gives_back_its_own_query():
    for period in [
        Period.year(2025),
        Period.quarter(2026, 1),
        Period.month(2026, 11),
        Period.between(date(2026, 1, 1), date(2026, 1, 31)),
    ]:
        assert PeriodForm(period.query(), today=date(2026, 12, 2)).period == period


def test_counts_per_topic_recipient_reporter_and_outcome_in_the_period(coordinator_user):
    drugs = Topic.objects.get(slug="rus")
    for _ in range(4):
        report(
            "politiet",
            created=at(2026, 3, 2),
            topic=drugs,
            category=drugs.report_category,
            priority_area=drugs.priority_area,
        )
    for _ in range(3):
        report(
            "barnevernstjenesten",
            created=at(2026, 5, 9),
            reporter_role=Report.ReporterRole.PROFESSIONAL,
            status=Report.Status.CLOSED,
            outcome=Report.Outcome.REFERRED,
            closed_at=at(2026, 5, 20),
        )
    # Outside the period: neither counted nor shown.
    report("helsestasjonen", created=at(2025, 12, 31, 22))
    report("helsestasjonen", created=at(2027, 1, 1, 0))

    figures = report_figures(Period.year(2026), today=date(2026, 12, 2))
    assert figures.total == 7
    assert figures.by_topic.rows[0].label == drugs.label
    assert figures.by_topic.count("topic:rus") == 4
    assert figures.by_topic.count("category:other") == 3
    assert figures.by_recipient.count("unit:politiet") == 4
    assert figures.by_recipient.count("unit:barnevernstjenesten") == 3
    assert "unit:helsestasjonen" not in {row.key for row in figures.by_recipient.rows}
    assert figures.by_reporter_role.count("role:private") == 4
    assert figures.by_reporter_role.count("role:professional") == 3
    assert figures.by_reporter_role.count("role:young_person") == 0
    assert figures.by_outcome.count("outcome:referred") == 3
    assert figures.by_outcome.count("outcome:open") == 4
    assert figures.by_month.count("month:2026-03") == 4
    assert figures.by_month.count("month:2026-05") == 3
    assert len(figures.by_month.rows) == 12
    # Every table is of the same reports.
    assert {table.total for table in figures.tables} == {7}
    assert report_figures(Period.quarter(2026, 1)).total == 4
    assert report_figures(Period.month(2026, 12)).total == 0


def test_median_time_to_first_answer_and_deadlines_met(coordinator_user):
    received = at(2026, 4, 1, 8)
    day = received.date()
    # Answered after 2, 10 and 30 hours, and 23 days (after the 21-day deadline).
    for hours in (2, 10, 30, 23 * 24):
        report(created=received, answered_at=received + timedelta(hours=hours))
    # Closed without a message on the deadline day: met, but no answer for the median.
    report(
        created=received,
        status=Report.Status.CLOSED,
        outcome=Report.Outcome.NO_ACTION,
        closed_at=at(2026, 4, 22),
    )
    # Not answered, deadline passed: missed. Not answered, deadline ahead: pending.
    report(created=received, feedback_due_date=day + timedelta(days=3))
    report(created=received, feedback_due_date=date(2026, 12, 24))
    report(created=received, feedback_due_date=date(2026, 12, 25))
    report(created=received, feedback_due_date=date(2026, 12, 26))

    figures = report_figures(Period.month(2026, 4), today=date(2026, 12, 2))
    deadlines = figures.deadlines
    # Met 4, missed 2 (hidden), pending 3 (hidden with it: 9 - 4 - 3 would give the 2).
    assert deadlines.count("deadline:met") == 4
    assert deadlines.count("deadline:missed") is None
    assert deadlines.count("deadline:pending") is None
    assert deadlines.total == 9
    # Four answers: 2, 10, 30 and 552 hours; the median is halfway between 10 and 30,
    # each taken at the middle of its hour.
    assert figures.median_hours_to_first_answer == 20.5


def test_the_share_of_deadlines_met_needs_both_counts_shown(coordinator_user):
    received = at(2026, 6, 1, 9)
    for hours in (1, 5, 20, 40, 60):
        report(created=received, answered_at=received + timedelta(hours=hours))
    for _ in range(3):
        report(created=received, answered_at=received + timedelta(days=30))
    figures = report_figures(Period.month(2026, 6), today=date(2026, 12, 2))
    assert figures.deadlines.count("deadline:met") == 5
    assert figures.deadlines.count("deadline:missed") == 3
    assert figures.deadlines_met_share == 5 / 8
    # 1, 5, 20, 40, 60 hours and three times 30 days: the middle two are 40 and 60.
    assert figures.median_hours_to_first_answer == 50.5

    # One late answer: hidden, and so the share, which would give it away.
    late = Report.objects.filter(answered_at=received + timedelta(days=30)).order_by("pk")
    Report.objects.filter(pk__in=[r.pk for r in late[:2]]).delete()
    figures = report_figures(Period.month(2026, 6), today=date(2026, 12, 2))
    assert figures.deadlines.count("deadline:missed") is None
    assert figures.deadlines.count("deadline:met") is None
    assert figures.deadlines_met_share is None


def test_few_answers_give_no_median(coordinator_user):
    received = at(2026, 2, 1)
    report(created=received, answered_at=received + timedelta(hours=3))
    report(created=received, answered_at=received + timedelta(hours=4))
    report(created=received)
    assert report_figures(Period.month(2026, 2)).median_hours_to_first_answer is None


def test_the_figures_are_plain_data(coordinator_user):
    report(created=at(2026, 1, 10))
    figures = report_figures(Period.year(2026))
    data = dataclasses.asdict(figures)
    assert json.loads(json.dumps(data, default=str))["by_recipient"]["rows"][0]["count"] is None


def test_one_units_figures_for_its_desk(coordinator_user):
    for _ in range(3):
        report("politiet", created=at(2026, 8, 1))
    for _ in range(5):
        report("helsestasjonen", created=at(2026, 8, 1))
    police = Report.objects.filter(recipient__slug="politiet")
    figures = report_figures(Period.year(2026), reports=police)
    assert figures.total == 3
    assert [row.key for row in figures.by_recipient.rows] == ["unit:politiet"]


def test_the_page_hides_small_counts_and_whatever_would_give_them_away(coordinator):
    for unit, count in [("politiet", 4), ("borkenes-skole", 2), ("helsestasjonen", 1)]:
        for _ in range(count):
            stored_report(unit, category=Report.Category.RADICALISATION)
    html = coordinator.get(PAGE).content.decode()
    assert "<td>Politiet, Harstad politistasjon</td><td>4</td>" in html
    assert "<td>Borkenes skole</td><td>skjult</td>" in html
    assert "<td>Helsestasjonen</td><td>skjult</td>" in html
    # The total is shown, the two hidden add up to 3: 1 and 2, or 2 and 1.
    assert re.search(r"I alt</th><td>7</td>", html)
    assert "2 tall er skjult" in html
    assert "<td>Radikalisering eller voldelig ekstremisme</td><td>7</td>" in html


def test_one_hidden_count_takes_the_next_smallest_with_it(coordinator):
    for unit, count in [("politiet", 6), ("helsestasjonen", 1)]:
        for _ in range(count):
            stored_report(unit)
    html = coordinator.get(PAGE).content.decode()
    # 7 - 6 would be the health station's 1.
    assert "<td>Politiet, Harstad politistasjon</td><td>skjult</td>" in html
    assert "<td>Helsestasjonen</td><td>skjult</td>" in html


def test_each_table_has_a_named_chart_and_its_numbers_in_a_visible_table(coordinator):
    for _ in range(3):
        stored_report("politiet")
    html = coordinator.get(PAGE).content.decode().split('id="content-main"')[1]
    charts = re.findall(r'<svg [^>]*role="img" aria-labelledby="([^"]+)"', html)
    assert len(charts) == 6
    for label in charts:
        assert f'<title id="{label}">' in html
    assert html.count("<caption>") == 6


def test_the_figures_take_five_queries_however_many_reports(django_assert_num_queries):
    many_reports(3)
    with django_assert_num_queries(FIGURE_QUERIES):
        report_figures(Period.this_year())
    many_reports(500, unit="helsestasjonen")
    with django_assert_num_queries(FIGURE_QUERIES):
        assert report_figures(Period.this_year()).total == 503


def test_the_page_takes_the_same_number_of_queries_for_few_and_many_reports(
    coordinator, django_assert_num_queries
):
    many_reports(3)
    coordinator.get(PAGE)
    with CaptureQueriesContext(connection) as page:
        assert coordinator.get(PAGE).status_code == 200
    with CaptureQueriesContext(connection) as export:
        assert coordinator.get(XLSX).status_code == 200
    many_reports(400, unit="helsestasjonen")
    many_reports(300, unit="borkenes-skole", reporter_role=Report.ReporterRole.YOUNG_PERSON)
    with django_assert_num_queries(len(page)):
        html = coordinator.get(PAGE).content.decode()
    assert "<td>Helsestasjonen</td><td>400</td>" in html
    with django_assert_num_queries(len(export)):
        assert coordinator.get(XLSX).status_code == 200


def test_the_page_takes_a_period(coordinator):
    report(created=at(2026, 2, 10))
    html = coordinator.get(PAGE, {"kind": "month", "year": "2026", "month": "2"}).content.decode()
    assert "Tall for februar 2026" in html
    assert f'href="{XLSX}?kind=month&amp;year=2026&amp;month=2"' in html
    bad = coordinator.get(PAGE, {"kind": "range", "start": "2026-05-01", "end": "2026-01-01"})
    assert "Sluttdatoen kan ikke være før startdatoen." in bad.content.decode()
    assert "Tall for 2026" in bad.content.decode()


def xlsx_sheets(content) -> dict[str, list[list[str | float]]]:
    """Each sheet of an XLSX file as rows of cell values (numbers as numbers)."""
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    book = zipfile.ZipFile(io.BytesIO(content))
    strings = [
        "".join(t.text or "" for t in item.iter(f"{main}t"))
        for item in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).iter(f"{main}si")
    ]
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    names = [sheet.get("name", "") for sheet in workbook.iter(f"{main}sheet")]
    sheets = {}
    for number, name in enumerate(names, start=1):
        root = ElementTree.fromstring(book.read(f"xl/worksheets/sheet{number}.xml"))
        rows = []
        for row in root.iter(f"{main}row"):
            cells: list[str | float] = []
            for cell in row.iter(f"{main}c"):
                value = cell.findtext(f"{main}v")
                if value is None:
                    continue
                cells.append(strings[int(value)] if cell.get("t") == "s" else float(value))
            rows.append(cells)
        sheets[name] = rows
    return sheets


def test_the_spreadsheet_has_typed_cells_and_the_same_suppression(coordinator):
    for unit, count in [("politiet", 4), ("borkenes-skole", 2), ("helsestasjonen", 1)]:
        for _ in range(count):
            stored_report(unit)
    response = coordinator.get(XLSX, {"kind": "year", "year": "2026"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="slt-statistikk-2026.xlsx"'
    assert response.content.startswith(b"PK")
    sheets = xlsx_sheets(response.content)
    assert list(sheets) == [
        "Oversikt",
        "Per tema",
        "Per mottaker",
        "Per avsendertype",
        "Utfall",
        "Frist for svar til avsender",
        "Per måned",
    ]
    assert ["Meldinger mottatt i perioden", 7.0] in sheets["Oversikt"]
    recipients = sheets["Per mottaker"]
    assert ["Politiet, Harstad politistasjon", 4.0] in recipients
    assert ["Borkenes skole", "skjult"] in recipients
    assert ["Helsestasjonen", "skjult"] in recipients
    assert ["I alt", 7.0] in recipients
    # Nowhere in the file is a count of 1 or 2.
    for rows in sheets.values():
        for row in rows:
            assert 1.0 not in row[1:] and 2.0 not in row[1:], row


def test_only_the_coordinator_gets_the_statistics(teacher, resident, stranger):
    for client in (teacher, stranger):
        assert client.get(PAGE).status_code == 403
        assert client.get(XLSX).status_code == 403
    assert resident.get(PAGE).status_code == 302
    assert resident.get(XLSX).status_code == 302


def test_staff_who_chose_english_get_the_statistics_in_english(coordinator):
    for unit, count in [("politiet", 4), ("borkenes-skole", 2), ("helsestasjonen", 1)]:
        for _ in range(count):
            stored_report(unit)
    coordinator.post("/admin/sprak/", {"language": "en", "next": PAGE})
    html = coordinator.get(
        PAGE, {"kind": "quarter", "year": "2026", "quarter": "4"}
    ).content.decode()
    assert '<html lang="en"' in html
    for english in ["Figures for Q4 2026", "Per topic", "Per type of sender", "Private individual"]:
        assert english in html, english
    school = Unit.objects.get(slug="borkenes-skole")
    school_en = school.name_en or school.name_nb
    assert f"<td>{school_en}</td><td>hidden</td>" in html
    sheets = xlsx_sheets(coordinator.get(XLSX, {"kind": "year", "year": "2026"}).content)
    assert "Overview" in sheets and "Per recipient" in sheets
    assert [school_en, "hidden"] in sheets["Per recipient"]
