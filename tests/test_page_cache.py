"""Whole public pages from the cache: fast, and never stale after an edit."""

import pytest
from django.test import Client, override_settings

from levels.models import EmergencyNumber, Unit
from priorities.models import Measure, PriorityArea
from tests.public_urls import LANGUAGES, ROUTES, reached_paths
from tests.test_admin_content import AREA_FORM

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

AREA = "/satsingsomrader/beredskap/"
# The concern form and what follows it are `no-store`, so never kept; the rest is cached.
NEVER_CACHED = {"reports:form", "reports:receipt", "reports:status"}


@pytest.fixture
def page_cache_on():
    with override_settings(PAGE_CACHE=True):
        yield


def test_second_visit_is_served_from_the_cache_without_a_query(resident, django_assert_num_queries):
    first = resident.get(AREA)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = Client().get(AREA)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    for header in ("Content-Type", "Content-Language", "ETag", "Content-Security-Policy"):
        assert second[header] == first[header]
    assert "no-cache" in second["Cache-Control"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_every_public_page_is_cached_or_never_cached_as_it_should(route, language):
    paths = reached_paths(route, language)
    for path in paths:
        Client().get(path)
        again = Client().get(path)
        if route.name in NEVER_CACHED:
            assert "X-Page-Cache" not in again, path
            assert "no-store" in again["Cache-Control"], path
        else:
            assert again.status_code == 200, path
            assert again["X-Page-Cache"] == "hit", path


def test_the_admin_login_is_never_cached():
    Client().get("/admin/login/")
    again = Client().get("/admin/login/")
    assert again.status_code == 200
    assert "X-Page-Cache" not in again
    assert "no-store" in again["Cache-Control"]


def test_norwegian_and_english_are_kept_apart():
    assert Client().get("/")["Content-Language"] == "nb"
    assert Client().get("/en/")["Content-Language"] == "en"
    assert Client().get("/")["Content-Language"] == "nb"
    english = Client().get("/en/")
    assert english["X-Page-Cache"] == "hit"
    assert english["Content-Language"] == "en"


def test_conditional_get_answers_304_from_the_cache():
    etag = Client().get(AREA)["ETag"]
    response = Client().get(AREA, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""


# Edits invalidate once their transaction commits, so this one commits for real; the
# others run the commit callbacks by hand.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_admin_edit_shows_on_the_next_request(coordinator):
    assert "Beredskap" in Client().get(AREA).content.decode()
    assert Client().get("/satsingsomrader/")["X-Page-Cache"] in {"hit", "miss"}
    area = PriorityArea.objects.get(slug="beredskap")
    response = coordinator.post(
        f"/admin/priorities/priorityarea/{area.pk}/change/",
        {**AREA_FORM, "slug": "beredskap", "title_nb": "Beredskap i endret drakt"},
    )
    assert response.status_code == 302
    for path in (AREA, "/satsingsomrader/", "/"):
        page = Client().get(path)
        assert page["X-Page-Cache"] == "miss"
        assert "Beredskap i endret drakt" in page.content.decode()


@pytest.mark.parametrize(
    ("change", "path", "gone"),
    [
        (
            lambda: PriorityArea.objects.filter(slug="beredskap").get().delete(),
            "/satsingsomrader/",
            "Beredskap",
        ),
        (lambda: Measure.objects.order_by("pk")[0].delete(), None, None),
        (lambda: unpublish(Unit.objects.get(slug="borkenes-skole")), "/kontakt/", "Borkenes skole"),
        (lambda: unpublish(EmergencyNumber.objects.first()), "/", None),
    ],
    ids=["delete-area", "delete-measure", "unpublish-unit", "unpublish-emergency-number"],
)
def test_any_content_change_invalidates(change, path, gone, django_capture_on_commit_callbacks):
    paths = [path] if path else ["/satsingsomrader/", "/"]
    before = {p: Client().get(p).content for p in paths}
    assert all(Client().get(p)["X-Page-Cache"] == "hit" for p in paths)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        change()
        # Until the edit commits, the old page is still the right one.
        assert all(Client().get(p)["X-Page-Cache"] == "hit" for p in paths)
    assert callbacks
    for p in paths:
        after = Client().get(p)
        assert after["X-Page-Cache"] == "miss"
        if gone:
            assert gone not in after.content.decode()
            assert gone in before[p].decode()


def unpublish(item):
    item.published = False
    item.save()


def test_a_staff_member_with_a_session_gets_a_fresh_page(coordinator):
    Client().get(AREA)
    response = coordinator.get(AREA)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_a_query_string_is_not_cached_and_cannot_flood_the_cache():
    Client().get(AREA + "?x=1")
    assert "X-Page-Cache" not in Client().get(AREA + "?x=1")


def test_a_new_report_does_not_empty_the_cache(resident):
    from tests.reports import valid_form

    Client().get("/")
    resident.post("/bekymring/", valid_form())
    assert Client().get("/")["X-Page-Cache"] == "hit"
