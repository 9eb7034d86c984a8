"""Unknown pages, odd requests and server errors never surprise anyone."""

import pytest
from django.test import RequestFactory

from concerns.models import WorkerHeartbeat
from slt_portal.views import server_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [
        ("/finnes-ikke/", "nb", "Fant ikke siden"),
        ("/satsingsomrader/finnes-ikke/", "nb", "Fant ikke siden"),
        ("/organisering/finnes-ikke/", "nb", "Fant ikke siden"),
        ("/handlingsveileder/finnes-ikke/", "nb", "Fant ikke siden"),
        ("/de/", "nb", "Fant ikke siden"),
        ("/en/finnes-ikke/", "en", "Page not found"),
        ("/en/satsingsomrader/finnes-ikke/", "en", "Page not found"),
    ],
)
def test_unknown_paths_get_404_in_site_design_and_language(resident, path, language, heading):
    response = resident.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert heading in html
    assert 'class="site-header"' in html


@pytest.mark.parametrize(
    "query",
    [
        "?" + "x" * 5000,
        "?a=%ZZ&b=%%%&c=\x00",
        "?lang=en&lang=nb&page=-1",
        "?" + "&".join(f"f{i}=1" for i in range(150)),
        "?q=%F0%28%8C%28",
    ],
)
def test_odd_query_strings_never_cause_a_server_error(resident, query):
    response = resident.get("/satsingsomrader/" + query)
    assert response.status_code in {200, 400}


def test_server_error_page_is_plain_and_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Noe gikk galt" in html
    assert "112" in html
    assert "{%" not in html


@pytest.mark.parametrize("path", ["/", "/satsingsomrader/", "/en/kontakt/", "/healthz"])
def test_content_pages_only_answer_get_and_head(resident, path):
    WorkerHeartbeat.beat()  # so that /healthz has nothing to report
    assert resident.post(path, {"x": "1"}).status_code == 405
    assert resident.head(path).status_code == 200
