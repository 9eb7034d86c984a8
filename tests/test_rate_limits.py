"""The public forms' rate limits keep their word: per hour means per hour, on every cache.

A person correcting the form's errors keeps their budget, a school behind one address
can send its reports, one report's receipt code cannot be guessed from many addresses,
and a refusal says when to try again and gives the sender's text back.
"""

import html
import re
import time
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings

from concerns.models import Report
from concerns.receipts import recall_receipt
from core.ratelimit import too_many
from tests.reports import valid_form

HOUR = 60 * 60
# An hour-long window far from the real clock, and its first second.
WINDOW = 500_000 * HOUR
START = WINDOW + 1.0
FORM = "/bekymring/"
STATUS = "/bekymring/status/"
REDIS = "redis://127.0.0.1:6379/15"


class Clock:
    def __init__(self, at):
        self.at = at

    def __call__(self):
        return self.at


@pytest.fixture
def clock(monkeypatch):
    """Every clock in the process, so that the cache backends' expiry moves with it."""
    fake = Clock(START)
    monkeypatch.setattr(time, "time", fake)
    return fake


@pytest.fixture
def window_clock(monkeypatch):
    """The rate limiter's clock alone, for whole requests (sessions and the database keep theirs)."""
    fake = Clock(START)
    monkeypatch.setattr("core.ratelimit.now", fake)
    return fake


def redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS}")


@pytest.fixture(params=["locmem", "file", "redis"])
def backend(request, tmp_path):
    """The rate limits on each cache the portal runs with: in development, on one host, on several."""
    if request.param == "locmem":
        config = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "rate-limit-tests",
        }
    elif request.param == "file":
        config = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    else:
        redis_or_skip()
        # A database and a prefix of the test's own: nothing else in that Redis is touched.
        config = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": f"slt-rate-test-{uuid.uuid4().hex}",
        }
    with override_settings(CACHES={"default": config}):
        yield request.param
        if request.param == "redis":
            client = cache._cache.get_client(None, write=True)  # type: ignore[attr-defined]
            keys = list(client.scan_iter(f"{config['KEY_PREFIX']}:*"))
            if keys:
                client.delete(*keys)
        else:
            cache.clear()


def a_request(address="192.0.2.10"):
    return RequestFactory().post("/", REMOTE_ADDR=address)


# 1. An hour's limit holds for the hour on every backend.


def test_the_count_lasts_the_whole_window_on_every_backend(backend, clock):
    request = a_request()
    for number in range(5):
        assert not too_many(request, "test", limit=5, window=HOUR), f"hit {number + 1}"
        # Further apart than the file cache's default timeout of 300 seconds.
        clock.at += 400
    refusal = too_many(request, "test", limit=5, window=HOUR)
    assert refusal, "the sixth hit in the hour, 2000 s after the first, must be refused"
    assert refusal.retry_after == HOUR - 2001
    clock.at = START + HOUR - 2
    assert too_many(request, "test", limit=5, window=HOUR)
    clock.at = START + HOUR
    assert not too_many(request, "test", limit=5, window=HOUR), "a new hour, a new count"


def test_other_clients_and_scopes_count_apart(backend, clock):
    for _ in range(2):
        too_many(a_request(), "test", limit=2, window=HOUR)
    assert too_many(a_request(), "test", limit=2, window=HOUR)
    assert not too_many(a_request("192.0.2.11"), "test", limit=2, window=HOUR)
    assert not too_many(a_request(), "other", limit=2, window=HOUR)


def test_redis_keeps_the_count_until_the_window_ends(clock):
    redis_or_skip()
    prefix = f"slt-rate-test-{uuid.uuid4().hex}"
    config = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}
    with override_settings(CACHES={"default": {**config, "KEY_PREFIX": prefix}}):
        clock.at = START + 1000
        too_many(a_request(), "test", limit=5, window=HOUR)
        too_many(a_request(), "test", limit=5, window=HOUR)
        client = cache._cache.get_client(None, write=True)  # type: ignore[attr-defined]
        [key] = client.keys(f"{prefix}:*")
        try:
            # The rest of the window (and a minute's grace), not Django's default 300 s.
            assert HOUR - 1001 <= client.ttl(key) <= HOUR - 1001 + 60
            assert int(client.get(key)) == 2
        finally:
            client.delete(key)


# 2. Stored reports count against the report limit; attempts against a higher cap.


def test_correcting_mistakes_does_not_use_up_the_report_limit(db, resident):
    for _ in range(10):
        response = resident.post(FORM, valid_form(description=""))
        assert response.status_code == 200
        assert "Beskriv bekymringen" in response.content.decode()
    assert resident.post(FORM, valid_form()).status_code == 302
    assert Report.objects.count() == 1


@override_settings(REPORT_SUBMISSIONS_PER_HOUR=3)
def test_stored_reports_are_limited_per_address(db, resident):
    for _ in range(3):
        assert resident.post(FORM, valid_form(child_age="")).status_code == 200
        assert resident.post(FORM, valid_form()).status_code == 302
    assert resident.post(FORM, valid_form()).status_code == 429
    assert Report.objects.count() == 3
    assert Client(REMOTE_ADDR="192.0.2.99").post(FORM, valid_form()).status_code == 302


@override_settings(REPORT_POSTS_PER_HOUR=5)
def test_every_post_counts_against_a_higher_cap(db, resident):
    for _ in range(5):
        assert resident.post(FORM, valid_form(description="")).status_code == 200
    assert resident.post(FORM, valid_form()).status_code == 429
    assert Report.objects.count() == 0


def test_a_school_behind_one_address_can_send_twenty_reports_an_hour(db):
    school = Client(REMOTE_ADDR="203.0.113.20")
    for _ in range(20):
        # Each teacher forgets a field first.
        assert school.post(FORM, valid_form(guardians_informed="")).status_code == 200
        assert school.post(FORM, valid_form()).status_code == 302
    assert Report.objects.count() == 20
    assert school.post(FORM, valid_form()).status_code == 429
    assert Report.objects.count() == 20


@override_settings(REPORT_SUBMISSIONS_PER_HOUR=2)
def test_a_report_sent_twice_with_its_submission_key_counts_once(db, resident):
    double_click = valid_form()
    assert resident.post(FORM, double_click).status_code == 302
    assert resident.post(FORM, double_click).status_code == 302
    assert resident.post(FORM, valid_form()).status_code == 302
    assert Report.objects.count() == 2
    assert resident.post(FORM, valid_form()).status_code == 429


def cache_entries(backend):
    if backend == "file":
        return len(list(Path(cache._dir).iterdir()))  # type: ignore[attr-defined]
    if backend == "locmem":
        return len(cache._cache)  # type: ignore[attr-defined]
    client = cache._cache.get_client(None)  # type: ignore[attr-defined]
    return len(list(client.scan_iter(f"{cache.key_prefix}:*")))


def test_a_stored_report_adds_no_cache_entry_of_its_own(db, backend, resident):
    """The file cache lists its whole folder on every write: an entry per report (there
    was one, to count a resent key once) made each report slower than the one before."""
    assert resident.post(FORM, valid_form()).status_code == 302
    after_one = cache_entries(backend)
    for _ in range(5):
        assert resident.post(FORM, valid_form()).status_code == 302
    assert Report.objects.count() == 6
    assert cache_entries(backend) == after_one


# 4. The status lookup is limited per reference too, from any address.


def guess(reference, address, code="AAAA-AAAA-AAAA"):
    return Client(REMOTE_ADDR=address).post(STATUS, {"reference": reference, "code": code})


def test_guessing_one_reference_from_many_addresses_is_limited(db):
    for number in range(10):
        assert guess("SLT-2026-0001", f"198.51.100.{number}").status_code == 200
    # Another spelling of the same reference, from yet another address.
    refused = guess(" slt-2026-0001 ", "198.51.100.200")
    assert refused.status_code == 429
    assert "Prøv igjen om" in refused.content.decode()
    # Other references, from the same address, are not held up.
    assert guess("SLT-2026-0002", "198.51.100.200").status_code == 200


def test_the_right_code_is_refused_too_once_a_reference_is_limited(db, resident):
    resident.post(FORM, valid_form())
    report = Report.objects.get()
    for number in range(10):
        guess(report.reference, f"198.51.100.{number}")
    receipt = recall_receipt(resident.session)
    assert receipt is not None
    assert guess(report.reference, "198.51.100.77", code=receipt["code"]).status_code == 429


def test_cache_keys_hold_no_reference(db):
    guess("SLT-2026-0042", "198.51.100.1")
    keys = list(cache._cache.keys())  # type: ignore[attr-defined]
    assert keys and not any("0042" in key or "198.51.100" in key for key in keys)


# 5. The refusal says nothing was sent, when to try again, and gives the text back.


def hidden_fields(page):
    pairs = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)
    return {name: html.unescape(value) for name, value in pairs}


@override_settings(REPORT_SUBMISSIONS_PER_HOUR=1)
def test_the_refused_report_comes_back_and_can_be_sent_when_the_hour_is_over(
    db, resident, window_clock
):
    resident.post(FORM, valid_form())
    window_clock.at = START + 20 * 60
    text = 'Han sa "i morgen" & gikk. <b>Ikke</b> i dag.'
    form = valid_form(description=text)
    response = resident.post(FORM, form)
    assert response.status_code == 429
    assert response["Retry-After"] == str(40 * 60 - 1)
    page = response.content.decode()
    assert "Meldingen ble ikke sendt, og ingenting er lagret." in page
    assert "Prøv igjen om 40 minutter." in page
    assert html.escape(text) in page and "<b>Ikke</b>" not in page
    assert '<form method="post" action="/bekymring/">' in page
    assert 'name="csrfmiddlewaretoken"' in page
    fields = hidden_fields(page)
    assert fields.pop("csrfmiddlewaretoken")
    assert fields == {name: value for name, value in form.items() if name != "website"}
    assert Report.objects.count() == 1

    window_clock.at = START + HOUR
    assert resident.post(FORM, fields).status_code == 302
    assert Report.objects.count() == 2
    assert Report.objects.latest("pk").description == text


@override_settings(REPORT_SUBMISSIONS_PER_HOUR=1)
def test_the_refusal_is_in_english_on_english_pages(db, resident, window_clock):
    resident.post("/en/bekymring/", valid_form())
    window_clock.at = WINDOW + HOUR - 30
    response = resident.post("/en/bekymring/", valid_form())
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert '<html lang="en"' in page
    assert "Your report was not sent, and nothing has been stored." in page
    assert "Try again in 1 minute." in page
    assert 'action="/en/bekymring/"' in page


@override_settings(STATUS_LOOKUPS_PER_HOUR=1)
def test_a_refused_status_lookup_says_when_and_echoes_nothing(db, resident, window_clock):
    resident.post(STATUS, {"reference": "SLT-2026-0001", "code": "AAAA-AAAA-AAAA"})
    window_clock.at = START + 15 * 60
    response = resident.post(STATUS, {"reference": "SLT-2026-0001", "code": "BBBB-CCCC-DDDD"})
    assert response.status_code == 429
    assert response["Retry-After"] == str(45 * 60 - 1)
    page = response.content.decode()
    assert "Det er gjort mange oppslag den siste timen" in page
    assert "Prøv igjen om 45 minutter." in page
    assert "BBBB-CCCC-DDDD" not in page and "<textarea" not in page
    assert 'type="hidden"' not in page
