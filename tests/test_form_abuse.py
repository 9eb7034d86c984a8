"""The public forms resist robots and guessing without getting in a person's way."""

import pytest
from django.test import Client, override_settings

from concerns.models import Report
from tests.reports import valid_form

pytestmark = pytest.mark.django_db


def test_honeypot_filled_in_stores_nothing_and_looks_like_success(resident):
    response = resident.post("/bekymring/", valid_form(website="http://spam.example"))
    assert response.status_code == 302
    assert Report.objects.count() == 0


def test_honeypot_is_hidden_from_people_and_screen_readers(resident):
    html = resident.get("/bekymring/").content.decode()
    assert '<div class="honeypot" aria-hidden="true">' in html
    assert 'tabindex="-1"' in html


@override_settings(REPORT_SUBMISSIONS_PER_HOUR=3)
def test_submissions_per_client_are_limited(resident):
    for _ in range(3):
        assert resident.post("/bekymring/", valid_form()).status_code == 302
    response = resident.post("/bekymring/", valid_form())
    assert response.status_code == 429
    assert "For mange forsøk" in response.content.decode()
    assert "77 02 30 00" in response.content.decode()
    assert Report.objects.count() == 3

    other_client = Client(REMOTE_ADDR="10.0.0.7")
    assert other_client.post("/bekymring/", valid_form()).status_code == 302


@override_settings(STATUS_LOOKUPS_PER_HOUR=5)
def test_receipt_code_guessing_is_limited(resident):
    for attempt in range(5):
        response = resident.post(
            "/bekymring/status/", {"reference": "SLT-2026-0001", "code": f"AAAA-AAAA-AAA{attempt}"}
        )
        assert response.status_code == 200
    response = resident.post(
        "/bekymring/status/", {"reference": "SLT-2026-0001", "code": "AAAA-AAAA-AAAZ"}
    )
    assert response.status_code == 429


@override_settings(REPORT_SUBMISSIONS_PER_HOUR=1)
def test_rate_limit_message_is_in_english_on_english_pages(resident):
    resident.post("/en/bekymring/", valid_form())
    response = resident.post("/en/bekymring/", valid_form())
    assert response.status_code == 429
    assert '<html lang="en"' in response.content.decode()


def test_cache_keys_hold_no_ip_address(resident):
    from django.core.cache import cache

    resident.post("/bekymring/", valid_form())
    # LocMemCache's private store: the stubs do not declare it, and no public API lists keys.
    keys = list(cache._cache.keys())  # type: ignore[attr-defined]
    assert keys and not any("127.0.0.1" in key for key in keys)
