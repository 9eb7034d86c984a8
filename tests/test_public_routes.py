"""Guard tests over every public URL the resolver knows, in both languages.

Each page answers 200 with exactly one <h1>, in the right language, with the query
count its declaration pins (core.public.public_page), and a slug route is reached by
at least one published object.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.public_urls import LANGUAGES, ROUTES, all_public_paths, paths_for, reached_paths

pytestmark = pytest.mark.django_db

H1 = re.compile(r"<h1[\s>]")


def test_the_resolver_finds_the_public_pages():
    names = {route.name for route in ROUTES}
    assert {"home", "levels:organisation", "priorities:detail", "reports:form"} <= names
    assert "sitemap" not in names and not any(name.startswith("admin:") for name in names)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_every_public_route_answers_with_one_h1_and_its_pinned_queries(resident, route, language):
    paths = reached_paths(route, language)
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            response = resident.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert len(H1.findall(html)) == 1, path
        assert f'<html lang="{language}"' in html, path
        assert len(queries) == route.page.queries, (
            f"{path} ran {len(queries)} queries; its declaration pins {route.page.queries}"
        )


def test_the_sitemap_lists_exactly_the_public_pages_meant_for_it(resident):
    sitemap = resident.get("/sitemap.xml").content.decode()
    listed = set(re.findall(r"<loc>http://testserver(/[^<]*)</loc>", sitemap))
    expected = {
        path
        for route in ROUTES
        if route.page.in_sitemap
        for language in LANGUAGES
        for path in paths_for(route, language)
    }
    assert listed == expected
    assert len(all_public_paths()) > len(expected)  # receipt and status stay out
