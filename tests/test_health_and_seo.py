"""The health check, the sitemap and robots.txt."""

import xml.etree.ElementTree as ET
from unittest import mock

import pytest
from django.db import OperationalError, connection

from concerns.models import WorkerHeartbeat
from priorities.models import PriorityArea

pytestmark = pytest.mark.django_db

SITEMAP_NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


def test_health_check_reports_the_database_and_the_worker(resident):
    WorkerHeartbeat.beat()
    response = resident.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "worker": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_check_answers_503_when_the_database_is_down(resident):
    # The connection is the boundary to the database server: make it refuse.
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("refused")):
        response = resident.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
    assert "refused" not in response.content.decode()


def test_sitemap_lists_both_languages_with_hreflang_alternates(resident):
    response = resident.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = [loc.text for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)]
    assert "http://testserver/satsingsomrader/trafikksikkerhet/" in locations
    assert "http://testserver/en/satsingsomrader/trafikksikkerhet/" in locations
    assert "http://testserver/organisering/politiradet/" in locations
    assert "http://testserver/en/handlingsveileder/radikalisering/" in locations
    assert "http://testserver/personvern/" in locations
    first = root.find("sm:url", SITEMAP_NS)
    assert first is not None
    alternates = {
        link.get("hreflang"): link.get("href") for link in first.findall("xhtml:link", SITEMAP_NS)
    }
    assert set(alternates) == {"nb", "en", "x-default"}


def test_sitemap_leaves_out_unpublished_content(resident):
    PriorityArea.objects.filter(slug="trafikksikkerhet").update(published=False)
    assert b"trafikksikkerhet" not in resident.get("/sitemap.xml").content


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(resident):
    response = resident.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_favicon_ico_points_at_our_icon(resident):
    response = resident.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.endswith("favicon.svg")
