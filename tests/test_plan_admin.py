"""The action plan in the admin: the coordinator's refusals of bad input (nothing half
saved), the "late" filter, and unit staff who see only their unit's measures and may
add a status entry to them, nothing else."""

from datetime import date

import pytest
from django.utils import timezone

from levels.models import Level, Unit
from priorities.models import (
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureStatus,
    Plan,
    Status,
)
from tests.plan_content import admin_form, post_admin

pytestmark = pytest.mark.django_db


MEASURES = "/admin/priorities/measure/"


def change_url(obj):
    return f"/admin/priorities/{obj._meta.model_name}/{obj.pk}/change/"


@pytest.mark.parametrize(
    "path",
    [
        "/admin/priorities/plan/",
        "/admin/priorities/plan/add/",
        "/admin/priorities/goal/",
        "/admin/priorities/goal/add/",
        MEASURES,
        MEASURES + "add/",
        "/admin/priorities/indicator/",
        "/admin/priorities/indicator/add/",
        "/admin/priorities/meeting/",
        "/admin/priorities/meeting/add/",
        MEASURES + "?forsinket=ja",
        MEASURES + "?forsinket=nei",
        MEASURES + "?status=ongoing",
        "/admin/priorities/meeting/?hovedpunkter=ikke",
    ],
)
def test_the_coordinator_reaches_every_plan_and_meeting_page(coordinator, path):
    assert coordinator.get(path).status_code == 200


def test_the_coordinator_opens_every_seeded_plan_item(coordinator):
    for model in (Plan, Goal, Measure):
        for obj in model.objects.all():
            assert coordinator.get(change_url(obj)).status_code == 200


def test_the_admin_speaks_plain_norwegian(coordinator):
    plan = coordinator.get("/admin/priorities/plan/add/").content.decode()
    assert ">Nettadresse:</label>" in plan and "(slug)" not in plan
    assert ">Utkast til gjennomgang</label>" in plan
    measure = coordinator.get(change_url(Measure.objects.first())).content.decode()
    assert "Statuslogg (den nyeste endringen er tiltakets status)" in measure
    assert "Vedtatt på nivå" in measure


def measure_url(title="Trafikkopplæring i skolen"):
    return change_url(Measure.objects.get(title_nb=title))


def test_a_measure_ending_before_it_starts_is_refused_and_nothing_is_saved(coordinator):
    url = measure_url()
    response = post_admin(
        coordinator,
        url,
        title_nb="Endret tittel",
        start_year="2027",
        end_year="2026",
        status_log__1__status=Status.DONE,
        status_log__1__comment_nb="Ferdig",
    )
    assert response.status_code == 200
    assert "Tiltaket kan ikke slutte før det starter. Slutt: 2026, start: 2027." in (
        response.content.decode()
    )
    measure = Measure.objects.get(title_nb="Trafikkopplæring i skolen")
    assert measure.end_year is None
    assert measure.status_log.count() == 1


def test_a_measure_given_to_an_unpublished_unit_is_refused(coordinator):
    hidden = Unit.objects.get(slug="helsestasjonen")
    hidden.published = False
    hidden.save()
    url = measure_url()
    page = coordinator.get(url).content.decode()
    assert "Helsestasjonen (ikke publisert)" in page
    school = Unit.objects.get(slug="borkenes-skole")
    response = post_admin(coordinator, url, responsible_units=[str(school.pk), str(hidden.pk)])
    assert response.status_code == 200
    assert (
        "Enheten «Helsestasjonen» er ikke publisert. Et tiltak kan bare gis til en publisert "
        "enhet" in response.content.decode()
    )
    assert list(
        Measure.objects.get(title_nb="Trafikkopplæring i skolen").responsible_units.all()
    ) == [school]


def test_a_measure_needs_a_goal(coordinator):
    data = admin_form(coordinator, MEASURES + "add/")
    data.update({"title_nb": "Uten mål", "_save": "Lagre"})
    response = coordinator.post(MEASURES + "add/", data)
    assert response.status_code == 200
    assert "Velg målet i handlingsplanen som tiltaket hører til." in response.content.decode()
    assert not Measure.objects.filter(title_nb="Uten mål").exists()


def test_the_coordinator_adds_a_measure_with_a_status_that_shows_publicly(coordinator, resident):
    goal = Goal.objects.get(area__slug="beredskap")
    data = admin_form(coordinator, MEASURES + "add/")
    data.update(
        {
            "goal": str(goal.pk),
            "title_nb": "Felles øvelse",
            "title_en": "Joint exercise",
            "responsible_units": [str(Unit.objects.get(slug="politiet").pk)],
            "decided_at": str(Level.objects.get(position=2).pk),
            "start_year": "2027",
            "start_month": "2",
            "end_year": "2027",
            "end_month": "4",
            "status_log-0-status": Status.PLANNED,
            "status_log-0-comment_nb": "Dato avtales med politiet.",
            "_save": "Lagre",
        }
    )
    response = coordinator.post(MEASURES + "add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    measure = Measure.objects.get(title_nb="Felles øvelse")
    assert measure.area == goal.area
    entry = measure.status_log.get()
    assert entry.recorded_by is not None and entry.recorded_by.username == "koordinator"
    assert entry.date == timezone.localdate()
    html = resident.get("/satsingsomrader/beredskap/").content.decode()
    assert "Felles øvelse" in html and "februar 2027 – april 2027" in html
    assert "Dato avtales med politiet." in html


def indicator_data(coordinator, goal, **values):
    data = admin_form(coordinator, "/admin/priorities/indicator/add/")
    data.update(
        {
            "goal": str(goal.pk),
            "name_nb": "Andel som har drukket seg beruset",
            "unit_nb": "prosent",
            "target": "10",
            "direction": "lower",
            "values-TOTAL_FORMS": "2",
            "values-0-year": "2024",
            "values-0-value": "14",
            "values-0-source": "ungdata",
            "values-1-year": "2026",
            "values-1-value": "12",
            "values-1-source": "ungdata",
            "_save": "Lagre",
        }
    )
    data.update(values)
    return data


def test_an_indicator_value_without_a_year_refuses_the_whole_save(coordinator):
    goal = Goal.objects.get(area__slug="rusforebygging")
    data = indicator_data(coordinator, goal, **{"values-1-year": ""})
    response = coordinator.post("/admin/priorities/indicator/add/", data)
    assert response.status_code == 200
    assert "Oppgi året verdien gjelder." in response.content.decode()
    assert not Indicator.objects.exists()
    assert not IndicatorValue.objects.exists()


def test_two_values_for_the_same_year_are_refused(coordinator):
    goal = Goal.objects.get(area__slug="rusforebygging")
    data = indicator_data(coordinator, goal, **{"values-1-year": "2024"})
    response = coordinator.post("/admin/priorities/indicator/add/", data)
    assert response.status_code == 200
    assert not Indicator.objects.exists()


def test_a_whole_indicator_is_saved(coordinator):
    goal = Goal.objects.get(area__slug="rusforebygging")
    response = coordinator.post(
        "/admin/priorities/indicator/add/", indicator_data(coordinator, goal)
    )
    assert response.status_code == 302
    assert list(IndicatorValue.objects.values_list("year", flat=True)) == [2024, 2026]


def test_a_plan_ending_before_it_starts_is_refused_in_the_admin(coordinator):
    data = admin_form(coordinator, "/admin/priorities/plan/add/")
    data.update(
        {
            "title_nb": "Handlingsplan SLT 2030–2033",
            "slug": "2030-2033",
            "start_year": "2033",
            "end_year": "2030",
            "goals-0-area": "",
            "_save": "Lagre",
        }
    )
    response = coordinator.post("/admin/priorities/plan/add/", data)
    assert response.status_code == 200
    assert "Planen kan ikke slutte før den begynner (2033)." in response.content.decode()
    assert not Plan.objects.filter(slug="2030-2033").exists()


def test_the_plan_slug_is_fixed_once_the_plan_exists(coordinator):
    plan = Plan.objects.get()
    response = post_admin(coordinator, change_url(plan), slug="noe-annet", title_nb="Ny tittel")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.slug, plan.title_nb) == ("2026-2029", "Ny tittel")


def test_the_late_filter_lists_the_measures_past_their_end(coordinator):
    late = Measure.objects.get(title_nb="Trafikkopplæring i skolen")
    late.end_year, late.end_month = 2025, 6
    late.save()
    done = Measure.objects.get(title_nb="Holdningsarbeid med unge førere")
    done.end_year = 2025
    done.save()
    MeasureStatus.objects.create(measure=done, date=date(2026, 11, 1), status=Status.DONE)
    page = coordinator.get(MEASURES + "?forsinket=ja").content.decode()
    assert "Trafikkopplæring i skolen" in page
    assert "Holdningsarbeid med unge førere" not in page
    assert "Rusforebyggende undervisning" not in page
    on_time = coordinator.get(MEASURES + "?forsinket=nei").content.decode()
    assert "Trafikkopplæring i skolen" not in on_time
    assert "Holdningsarbeid med unge førere" in on_time
    done_list = coordinator.get(MEASURES + "?status=done").content.decode()
    assert "Holdningsarbeid med unge førere" in done_list
    assert "Rusforebyggende undervisning" not in done_list


# Unit staff: the teacher at Borkenes skole.


def school_measures():
    return set(
        Measure.objects.filter(responsible_units__slug="borkenes-skole").values_list(
            "title_nb", flat=True
        )
    )


def test_unit_staff_see_only_their_units_measures(teacher):
    page = teacher.get(MEASURES).content.decode()
    for title in school_measures():
        assert title in page
    assert "Spørsmål om vold på helsestasjonen" not in page
    assert "Holdningsarbeid med unge førere" not in page
    other = Measure.objects.get(title_nb="Spørsmål om vold på helsestasjonen")
    assert teacher.get(change_url(other)).status_code == 302
    # Nothing else of the plan, and no adding or deleting measures.
    for path in (
        "/admin/priorities/plan/",
        "/admin/priorities/goal/",
        "/admin/priorities/meeting/",
    ):
        assert teacher.get(path).status_code == 403
    assert teacher.get(MEASURES + "add/").status_code == 403
    assert (
        teacher.get(
            change_url(Measure.objects.get(title_nb="Trafikkopplæring i skolen")).replace(
                "change", "delete"
            )
        ).status_code
        == 403
    )


def test_unit_staff_add_a_status_entry_and_change_nothing_else(teacher, resident):
    measure = Measure.objects.get(title_nb="Trafikkopplæring i skolen")
    url = change_url(measure)
    page = teacher.get(url).content.decode()
    assert 'name="title_nb"' not in page  # the measure itself is read-only
    assert 'name="status_log-1-status"' in page
    assert 'name="status_log-0-status"' not in page  # the log is never rewritten
    data = admin_form(teacher, url)
    data.update(
        {
            "title_nb": "Forsøk på å endre tittelen",
            "end_year": "2020",
            "status_log-1-status": Status.DONE,
            "status_log-1-comment_nb": "Alle klasser har hatt opplæringen.",
            "status_log-0-status": Status.DROPPED,
            "_save": "Lagre",
        }
    )
    response = teacher.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    measure.refresh_from_db()
    assert measure.title_nb == "Trafikkopplæring i skolen" and measure.end_year is None
    log = list(measure.status_log.all())
    assert [entry.status for entry in log] == [Status.DONE, Status.ONGOING]
    assert log[0].recorded_by is not None and log[0].recorded_by.username == "laerer"
    assert log[0].date == timezone.localdate()
    assert Measure.objects.with_status().get(pk=measure.pk).current_status == Status.DONE
    assert (
        "Alle klasser har hatt opplæringen."
        in resident.get("/satsingsomrader/trafikksikkerhet/").content.decode()
    )


def test_unit_staff_cannot_add_to_another_units_measure(teacher):
    other = Measure.objects.get(title_nb="Spørsmål om vold på helsestasjonen")
    response = teacher.post(
        change_url(other),
        {
            "status_log-TOTAL_FORMS": "1",
            "status_log-INITIAL_FORMS": "0",
            "status_log-0-status": Status.DONE,
            "_save": "Lagre",
        },
    )
    assert response.status_code in (302, 403)
    assert other.status_log.count() == 1


def test_unit_staff_status_comment_with_a_report_reference_is_refused(teacher):
    measure = Measure.objects.get(title_nb="Trafikkopplæring i skolen")
    response = post_admin(
        teacher,
        change_url(measure),
        status_log__1__status=Status.DONE,
        status_log__1__comment_nb="Fulgt opp etter melding SLT-2026-0012.",
    )
    assert response.status_code == 200
    assert "bekymringsmelding (SLT-2026-0012)" in response.content.decode()
    assert measure.status_log.count() == 1


def test_staff_without_a_unit_see_no_measures(stranger):
    page = stranger.get(MEASURES).content.decode()
    assert "Trafikkopplæring i skolen" not in page
