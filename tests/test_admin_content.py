"""The coordinator keeps the public content current in the Django admin."""

import pytest

from guides.models import Guide
from levels.models import Body, Municipality, Unit
from priorities.models import PriorityArea

pytestmark = pytest.mark.django_db

AREA_FORM = {
    "slug": "nytt-omrade",
    "title_nb": "Nytt område",
    "title_en": "",
    "summary_nb": "Et nytt satsingsområde.",
    "summary_en": "",
    "description_nb": "",
    "description_en": "",
    "set_by": "",
    "since_year": "2026",
    "position": "60",
    "published": "on",
    "measures-TOTAL_FORMS": "0",
    "measures-INITIAL_FORMS": "0",
    "measures-MIN_NUM_FORMS": "0",
    "measures-MAX_NUM_FORMS": "1000",
}


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/levels/unit/",
        "/admin/levels/body/",
        "/admin/levels/municipality/",
        "/admin/levels/level/",
        "/admin/levels/resource/",
        "/admin/levels/emergencynumber/",
        "/admin/priorities/priorityarea/",
        "/admin/guides/guide/",
    ],
)
def test_coordinator_reaches_every_content_list(coordinator, path):
    assert coordinator.get(path).status_code == 200


@pytest.mark.parametrize(
    ("model", "admin_path"),
    [
        (PriorityArea, "priorities/priorityarea"),
        (Guide, "guides/guide"),
        (Body, "levels/body"),
        (Unit, "levels/unit"),
    ],
)
def test_coordinator_opens_every_seeded_item(coordinator, model, admin_path):
    for pk in model.objects.values_list("pk", flat=True):
        assert coordinator.get(f"/admin/{admin_path}/{pk}/change/").status_code == 200


def test_login_page_works_for_a_visitor(resident):
    response = resident.get("/admin/login/")
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_anonymous_visitor_is_sent_to_login(resident):
    response = resident.get("/admin/priorities/priorityarea/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_coordinator_adds_an_area_that_appears_publicly(coordinator, resident):
    response = coordinator.post("/admin/priorities/priorityarea/add/", AREA_FORM)
    assert response.status_code == 302
    assert resident.get("/satsingsomrader/nytt-omrade/").status_code == 200
    assert "Nytt område" in resident.get("/satsingsomrader/").content.decode()


def test_duplicate_slug_is_refused_with_an_explanation(coordinator):
    response = coordinator.post(
        "/admin/priorities/priorityarea/add/", {**AREA_FORM, "slug": "beredskap"}
    )
    assert response.status_code == 200
    assert "finnes allerede" in response.content.decode()
    assert PriorityArea.objects.filter(slug="beredskap").count() == 1


def test_slug_cannot_be_changed_once_the_item_exists(coordinator):
    area = PriorityArea.objects.get(slug="beredskap")
    form = {
        **AREA_FORM,
        "slug": "nytt-navn",
        "title_nb": "Beredskap og krisehåndtering (endret)",
    }
    response = coordinator.post(f"/admin/priorities/priorityarea/{area.pk}/change/", form)
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.slug == "beredskap"
    assert area.title_nb == "Beredskap og krisehåndtering (endret)"


def unit_form(**overrides):
    unit = Unit.objects.get(slug="borkenes-skole")
    form = {
        "slug": "ny-skole",
        "kind": "school",
        "level": str(unit.level_id),
        "municipal": "on",
        "name_nb": "Ny skole",
        "name_en": "",
        "when_to_contact_nb": "Når du er bekymret for en elev.",
        "when_to_contact_en": "",
        "phone": "",
        "email": "",
        "address": "",
        "website": "",
        "position": "100",
        "published": "on",
        # The report-receiving settings, an inline of the confidential side.
        "reporting-TOTAL_FORMS": "1",
        "reporting-INITIAL_FORMS": "0",
        "reporting-MIN_NUM_FORMS": "0",
        "reporting-MAX_NUM_FORMS": "1",
        "reporting-0-reports_inbox": "",
        "reporting-0-reports_about_nb": "",
        "reporting-0-reports_about_en": "",
        "reporting-0-response_days": "7",
        "reporting-0-feedback_days": "21",
        "reporting-0-reminder_days_before": "2",
    }
    form.update(overrides)
    return form


def test_second_coordinator_unit_is_refused(coordinator):
    response = coordinator.post("/admin/levels/unit/add/", unit_form(kind="coordinator"))
    assert response.status_code == 200
    assert "Det kan bare finnes én SLT-koordinator." in response.content.decode()
    assert Unit.objects.filter(kind="coordinator").count() == 1


def test_report_recipient_without_inbox_is_refused(coordinator):
    response = coordinator.post(
        "/admin/levels/unit/add/", unit_form(**{"reporting-0-receives_reports": "on"})
    )
    assert response.status_code == 200
    assert "må ha en innboks for varsel" in response.content.decode()
    assert not Unit.objects.filter(slug="ny-skole").exists()


def test_report_recipient_with_inbox_is_saved(coordinator):
    response = coordinator.post(
        "/admin/levels/unit/add/",
        unit_form(
            **{
                "reporting-0-receives_reports": "on",
                "reporting-0-reports_inbox": "skole@example.org",
            }
        ),
    )
    assert response.status_code == 302
    assert Unit.objects.get(slug="ny-skole").reporting.receives_reports


def test_there_is_one_municipality_and_it_cannot_be_added_or_deleted(coordinator):
    assert Municipality.objects.count() == 1
    municipality = Municipality.objects.get()
    assert coordinator.get("/admin/levels/municipality/add/").status_code == 403
    delete_url = f"/admin/levels/municipality/{municipality.pk}/delete/"
    assert coordinator.get(delete_url).status_code == 403
