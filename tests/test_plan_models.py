"""The action plan's rules: current plan, status from the log, late measures, periods,
the report-reference check, and what the starting-plan migration put in place."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError
from django.utils import timezone, translation

from levels.models import Body
from priorities.models import (
    AgendaItem,
    Goal,
    Measure,
    MeasureStatus,
    Meeting,
    Plan,
    PriorityArea,
    Status,
)
from priorities.models.plan import current_plan
from priorities.validators import report_references

pytestmark = pytest.mark.django_db


OSLO = ZoneInfo("Europe/Oslo")


@pytest.mark.parametrize(
    "text",
    [
        "Se SLT-2026-0042.",
        "slt 2026 0042",
        "Saken (SLT2026-0042) ble drøftet",
        "SLT–2026–0042",
        "SLT/2026/00042",
        "sak slt-2031-2045 er lukket",  # 14 years apart: not a plan period
        "SLT-2026-2026",
    ],
)
def test_a_report_reference_is_found_however_it_is_written(text):
    assert report_references(text)


@pytest.mark.parametrize(
    "text",
    [
        "Handlingsplan SLT 2026–2029: gjennomgang",
        "SLT 2026-2029",
        "SLT-arbeidet i 2026 hadde 42 møter",
        "Kvæfjord SLT 2026",
        "ASLT-2026-0042",
    ],
)
def test_plan_periods_and_ordinary_text_are_not_references(text):
    assert report_references(text) == []


def test_the_current_plan_covers_this_year_else_it_is_the_newest():
    old = Plan(pk=1, slug="a", start_year=2018, end_year=2021)
    now = Plan(pk=2, slug="b", start_year=2022, end_year=2030)
    overlapping = Plan(pk=3, slug="c", start_year=2026, end_year=2029)
    future = Plan(pk=4, slug="d", start_year=2031, end_year=2034)
    assert current_plan([old, now, future], 2026) is now
    assert current_plan([old, now, overlapping, future], 2026) is overlapping
    assert current_plan([old], 2026) is old
    assert current_plan([old, future], 2026) is future
    assert current_plan([], 2026) is None


def test_the_seeded_plan_is_current_and_marked_for_review():
    plan = current_plan(list(Plan.objects.published()))
    assert plan is not None
    assert plan.slug == "2026-2029"
    assert plan.title_nb == "Handlingsplan SLT 2026–2029"
    assert plan.under_review and plan.published


def test_the_starting_plan_has_one_goal_per_area_holding_every_measure_as_ongoing():
    plan = Plan.objects.get(slug="2026-2029")
    for area in PriorityArea.objects.all():
        goal = Goal.objects.get(plan=plan, area=area)
        assert goal.text_nb and goal.text_en
        measures = list(Measure.objects.filter(area=area).with_status())
        assert measures
        for measure in measures:
            assert measure.goal_id == goal.pk
            assert measure.current_status == Status.ONGOING
            assert measure.status_log.get().comment_en
    # The units stay as they were, several where there were several.
    shared = Measure.objects.get(title_nb="Oppfølging etter alvorlige hendelser")
    assert set(shared.responsible_units.values_list("slug", flat=True)) == {
        "borkenes-skole",
        "helsestasjonen",
        "barnevernstjenesten",
    }


def test_the_seeded_meeting_is_an_upcoming_politiradet_meeting_without_approved_minutes():
    meeting = Meeting.objects.get()
    assert meeting.body.slug == "politiradet"
    assert meeting.place_nb == "Kvæfjord rådhus"
    assert timezone.localtime(meeting.starts_at).year == 2027
    assert not meeting.minutes_public
    labels = [f"{item.label} {item.title_nb}" for item in meeting.agenda_items.all()]
    assert labels == [
        "Sak 1/27 Handlingsplan SLT 2026–2029: gjennomgang",
        "Sak 2/27 Ungdata-undersøkelsen",
    ]


def measure(**fields):
    goal = Goal.objects.get(plan__slug="2026-2029", area__slug="beredskap")
    return Measure.objects.create(area=goal.area, goal=goal, title_nb="Nytt tiltak", **fields)


def test_the_status_is_the_latest_entry_of_the_log():
    item = measure()
    assert item.status == Status.PLANNED
    MeasureStatus.objects.create(measure=item, date=date(2026, 3, 1), status=Status.ONGOING)
    MeasureStatus.objects.create(measure=item, date=date(2026, 5, 1), status=Status.PAUSED)
    # Entered later but dated earlier: the log is in date order, not entry order.
    MeasureStatus.objects.create(measure=item, date=date(2026, 4, 1), status=Status.DONE)
    assert Measure.objects.with_status().get(pk=item.pk).current_status == Status.PAUSED
    assert Measure.objects.get(pk=item.pk).status == Status.PAUSED
    with translation.override("en"):
        assert Measure.objects.get(pk=item.pk).status_label == "Paused"


def test_a_measure_is_late_when_its_end_has_passed_unless_it_is_done_or_dropped():
    today = date(2026, 12, 2)
    ended_last_month = measure(end_year=2026, end_month=11)
    ends_this_month = measure(end_year=2026, end_month=12)
    ended_last_year = measure(end_year=2025)
    ends_this_year = measure(end_year=2026)
    done = measure(end_year=2025)
    MeasureStatus.objects.create(measure=done, date=date(2025, 6, 1), status=Status.DONE)
    dropped = measure(end_year=2025)
    MeasureStatus.objects.create(measure=dropped, date=date(2025, 6, 1), status=Status.DROPPED)
    ongoing = measure()  # no end: never late
    late = set(Measure.objects.late(today).values_list("pk", flat=True))
    assert late == {ended_last_month.pk, ended_last_year.pk}
    not_late = set(Measure.objects.not_late(today).values_list("pk", flat=True))
    assert not_late.isdisjoint(late)
    assert {ends_this_month.pk, ends_this_year.pk, done.pk, dropped.pk, ongoing.pk} <= not_late
    for item in Measure.objects.with_status().filter(pk__in=late):
        assert item.is_late(today)
    assert not Measure.objects.with_status().get(pk=done.pk).is_late(today)


@pytest.mark.parametrize(
    ("fields", "period"),
    [
        ({}, ""),
        ({"start_year": 2026}, "fra 2026"),
        ({"end_year": 2027, "end_month": 6}, "til juni 2027"),
        ({"start_year": 2026, "end_year": 2029}, "2026–2029"),
        (
            {"start_year": 2026, "start_month": 3, "end_year": 2027, "end_month": 6},
            "mars 2026 – juni 2027",
        ),
        ({"start_year": 2026, "end_year": 2026}, "2026"),
    ],
)
def test_the_period_reads_as_people_write_it(fields, period):
    with translation.override("nb"):
        assert Measure(**fields).period == period


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"start_year": 2027, "end_year": 2026},
            "end_year",
            "Tiltaket kan ikke slutte før det starter",
        ),
        (
            {"start_year": 2026, "start_month": 5, "end_year": 2026, "end_month": 3},
            "end_year",
            "Slutt: mars 2026, start: mai 2026",
        ),
        ({"start_month": 5}, "start_year", "Oppgi året tiltaket starter."),
        ({"end_month": 13, "end_year": 2026}, "end_month", ""),
    ],
)
def test_a_measure_ending_before_it_starts_is_refused(fields, field, message):
    item = Measure(goal=Goal.objects.first(), title_nb="Tiltak", **fields)
    with translation.override("nb"), pytest.raises(ValidationError) as refused:
        item.full_clean()
    assert field in refused.value.message_dict
    assert message in " ".join(refused.value.message_dict[field])


def test_the_database_refuses_a_measure_ending_before_it_starts_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        measure(start_year=2027, end_year=2026)
    with pytest.raises(IntegrityError), transaction.atomic():
        measure(start_year=2026, start_month=5, end_year=2026, end_month=3)


def test_a_plan_ending_before_it_starts_is_refused():
    plan = Plan(slug="feil", title_nb="Feil", start_year=2029, end_year=2026)
    with translation.override("nb"), pytest.raises(ValidationError) as refused:
        plan.full_clean()
    assert "Planen kan ikke slutte før den begynner" in str(refused.value.message_dict["end_year"])
    with pytest.raises(IntegrityError), transaction.atomic():
        plan.save()


def test_a_status_comment_with_a_report_reference_or_a_future_date_is_refused():
    item = measure()
    entry = MeasureStatus(measure=item, status=Status.DONE, comment_nb="Fulgt opp i SLT-2026-0007")
    with pytest.raises(ValidationError) as refused:
        entry.full_clean()
    assert "bekymringsmelding (SLT-2026-0007)" in str(refused.value.message_dict["comment_nb"])
    later = MeasureStatus(
        measure=item, status=Status.DONE, date=timezone.localdate() + timedelta(days=1)
    )
    with pytest.raises(ValidationError) as refused:
        later.full_clean()
    assert "fram i tid" in str(refused.value.message_dict["date"])


def test_moving_a_goal_to_another_area_moves_its_measures():
    goal = Goal.objects.get(plan__slug="2026-2029", area__slug="beredskap")
    goal.area = PriorityArea.objects.get(slug="trafikksikkerhet")
    goal.save()
    assert set(goal.measures.values_list("area__slug", flat=True)) == {"trafikksikkerhet"}


def test_deleting_an_area_takes_its_goals_and_measures_but_a_goal_alone_keeps_its_measures():
    goal = Goal.objects.get(plan__slug="2026-2029", area__slug="trafikksikkerhet")
    with pytest.raises(RestrictedError):
        goal.delete()
    with pytest.raises(RestrictedError):
        goal.plan.delete()
    PriorityArea.objects.get(slug="trafikksikkerhet").delete()
    assert not Goal.objects.filter(pk=goal.pk).exists()
    assert not Measure.objects.filter(title_nb="Trafikkopplæring i skolen").exists()


def meeting(**fields):
    fields.setdefault("starts_at", datetime(2026, 9, 10, 18, 0, tzinfo=OSLO))
    return Meeting.objects.create(body=Body.objects.get(slug="politiradet"), **fields)


def test_a_meeting_ending_before_it_starts_or_approved_before_it_is_held_is_refused():
    start = datetime(2026, 9, 10, 18, 0, tzinfo=OSLO)
    early = Meeting(
        body=Body.objects.get(slug="politiradet"),
        starts_at=start,
        ends_at=start - timedelta(hours=1),
        approved_on=date(2026, 9, 1),
    )
    with translation.override("nb"), pytest.raises(ValidationError) as refused:
        early.full_clean()
    errors = refused.value.message_dict
    assert errors["ends_at"] == ["Møtet kan ikke slutte før det begynner."]
    assert errors["approved_on"] == ["Hovedpunktene kan ikke godkjennes før møtet er holdt."]


def test_agenda_numbers_are_unique_per_body_and_year():
    first = meeting()
    AgendaItem.objects.create(meeting=first, number=3, title_nb="Ungdata")
    second = meeting(starts_at=datetime(2026, 11, 5, 18, 0, tzinfo=OSLO))
    again = AgendaItem(meeting=second, number=3, title_nb="Noe annet")
    with translation.override("nb"), pytest.raises(ValidationError) as refused:
        again.full_clean()
    assert (
        "Sak 3/26 er allerede brukt i Politirådet (møtet 10. september 2026)"
        in refused.value.message_dict["number"][0]
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        again.save()
    # The same number is free in another year, and in another body.
    next_year = meeting(starts_at=datetime(2027, 1, 14, 18, 0, tzinfo=OSLO))
    AgendaItem(meeting=next_year, number=3, title_nb="Nytt år").full_clean()
    forum = Meeting.objects.create(
        body=Body.objects.get(slug="forebyggende-forum"), starts_at=second.starts_at
    )
    AgendaItem(meeting=forum, number=3, title_nb="Forumet").full_clean()


def test_an_agenda_item_follows_its_meeting_to_another_year():
    moved = meeting()
    item = AgendaItem.objects.create(meeting=moved, number=7, title_nb="Sak")
    assert item.label == "Sak 7/26"
    moved.starts_at = datetime(2027, 1, 14, 18, 0, tzinfo=OSLO)
    moved.save()
    item.refresh_from_db()
    assert (item.year, item.label) == (2027, "Sak 7/27")


def test_minutes_and_agenda_texts_with_a_report_reference_are_refused():
    held = meeting(minutes_nb="Drøftet melding slt 2026 0042 fra skolen.")
    with pytest.raises(ValidationError) as refused:
        held.full_clean()
    assert "referansen til en bekymringsmelding (slt 2026 0042)" in str(refused.value)
    item = AgendaItem(meeting=meeting(), number=9, title_nb="Sak", decision_en="See SLT-2026-0042")
    with pytest.raises(ValidationError) as refused:
        item.full_clean()
    assert "decision_en" in refused.value.message_dict
