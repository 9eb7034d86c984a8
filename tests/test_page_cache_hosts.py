"""The page cache answers only for the hosts we serve, keeps one page per scheme and host,
and never keeps a page that used its CSP nonce."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.utils.csp import LazyNonce

from slt_portal.page_cache import PageCacheMiddleware

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def page_cache_on():
    with override_settings(PAGE_CACHE=True, ALLOWED_HOSTS=["slt.example.org", "testserver"]):
        yield


def test_a_host_we_do_not_serve_gets_no_cached_page_and_plants_none():
    assert Client().get("/").status_code == 200  # kept for testserver
    foreign = Client(HTTP_HOST="evil.example").get("/")
    assert foreign.status_code == 400
    assert "X-Page-Cache" not in foreign
    again = Client(HTTP_HOST="evil.example").get("/robots.txt")
    assert again.status_code == 400


def test_each_host_and_scheme_has_its_own_sitemap_and_robots():
    local = Client(HTTP_HOST="testserver").get("/robots.txt").content.decode()
    assert "http://testserver/sitemap.xml" in local
    public = Client(HTTP_HOST="slt.example.org").get("/robots.txt")
    assert public["X-Page-Cache"] == "miss"
    assert "http://slt.example.org/sitemap.xml" in public.content.decode()
    secure = Client(HTTP_HOST="slt.example.org").get("/robots.txt", secure=True)
    assert secure["X-Page-Cache"] == "miss"
    assert "https://slt.example.org/sitemap.xml" in secure.content.decode()
    sitemap = Client(HTTP_HOST="slt.example.org").get("/sitemap.xml").content.decode()
    assert "testserver" not in sitemap
    assert Client(HTTP_HOST="slt.example.org").get("/robots.txt")["X-Page-Cache"] == "hit"


def test_a_response_that_used_its_nonce_is_never_stored():
    def page_with_a_script(request):
        return HttpResponse(f'<script nonce="{request._csp_nonce}"></script>')

    def page_without(request):
        return HttpResponse("<p>plain</p>")

    factory = RequestFactory()
    for view, kept in [(page_with_a_script, False), (page_without, True)]:
        cache.clear()
        middleware = PageCacheMiddleware(view)
        request = factory.get("/side/")
        # What Django's CSP middleware sets on every request before this one runs.
        request._csp_nonce = LazyNonce()  # type: ignore[attr-defined]
        response = middleware(request)
        assert ("X-Page-Cache" in response) is kept
        second = factory.get("/side/")
        second._csp_nonce = LazyNonce()  # type: ignore[attr-defined]
        assert (middleware(second).get("X-Page-Cache") == "hit") is kept
