"""The plan and meeting pages from the page cache: served without a query, and renewed
as soon as an edit in the admin has committed."""

import pytest
from django.test import Client, override_settings
from django.utils import translation

from priorities.models import Measure, Meeting
from tests.plan_content import post_admin

pytestmark = pytest.mark.usefixtures("page_cache_on")

AREA = "/satsingsomrader/trafikksikkerhet/"
PAGES = [AREA, "/handlingsplan/", "/en/handlingsplan/"]


@pytest.fixture
def page_cache_on():
    with override_settings(PAGE_CACHE=True), translation.override("nb"):
        yield


@pytest.mark.django_db
def test_the_plan_pages_are_served_from_the_cache(django_assert_num_queries):
    for path in [*PAGES, "/moter/", "/moter.ics"]:
        assert Client().get(path)["X-Page-Cache"] == "miss"
        with django_assert_num_queries(0):
            assert Client().get(path)["X-Page-Cache"] == "hit"


# The edits commit for real: invalidation waits for the commit.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_status_entry_by_unit_staff_shows_on_the_next_request(teacher):
    for path in PAGES:
        Client().get(path)
        assert Client().get(path)["X-Page-Cache"] == "hit"
    measure = Measure.objects.get(title_nb="Trafikkopplæring i skolen")
    response = post_admin(
        teacher,
        f"/admin/priorities/measure/{measure.pk}/change/",
        status_log__1__status="done",
        status_log__1__comment_nb="Alle klassene har hatt opplæringen.",
    )
    assert response.status_code == 302
    for path in PAGES:
        page = Client().get(path)
        assert page["X-Page-Cache"] == "miss", path
        done = "1 of 2 measures done" if path.startswith("/en/") else "1 av 2 tiltak gjennomført"
        assert done in page.content.decode(), path
    assert "Alle klassene har hatt opplæringen." in Client().get(AREA).content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_meeting_edited_in_the_admin_shows_on_the_next_request(coordinator):
    meeting = Meeting.objects.get()
    paths = [f"/moter/{meeting.pk}/", "/moter/", "/organisering/politiradet/", "/moter.ics"]
    for path in paths:
        Client().get(path)
        assert Client().get(path)["X-Page-Cache"] == "hit"
    response = post_admin(
        coordinator,
        f"/admin/priorities/meeting/{meeting.pk}/change/",
        place_nb="Borkenes skole, gymsalen",
    )
    assert response.status_code == 302
    for path in paths:
        page = Client().get(path)
        assert page["X-Page-Cache"] == "miss", path
        assert "Borkenes skole" in page.content.decode(), path
