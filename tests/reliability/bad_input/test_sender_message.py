"""A message from the sender on the status page, whatever is posted: never a server error,
stored once and as cleaned when it is valid, refused whole when it is not, and shown
escaped."""

import re
import uuid

import pytest
from django.core.cache import cache
from hypothesis import event, example, given, note, settings
from hypothesis import strategies as st

from concerns.forms import reject_control_characters
from concerns.models import Notification, ReportEvent
from concerns.text import normalise
from tests.reliability.bad_input.strategies import (
    BOUNDED,
    FORGED_CHOICES,
    STATUS,
    free_text,
    hostile_snippets_in,
    too_big,
)
from tests.reports import stored_report

pytestmark = pytest.mark.django_db


def refused(text):
    try:
        reject_control_characters(text)
    except Exception:  # ValidationError
        return True
    return False


@pytest.fixture
def conversation(client):
    report = stored_report("helsestasjonen")
    response = client.post(STATUS, {"reference": report.reference, "code": report.receipt_code})
    assert response.status_code == 302
    return client, report


@settings(BOUNDED, max_examples=120)
@given(
    text=free_text(),
    key=st.one_of(st.just("fresh"), st.sampled_from(FORGED_CHOICES)),
    case=st.one_of(st.just("own"), st.sampled_from(FORGED_CHOICES)),
)
@example(text="Hei <script>alert('xss-20')</script>", key="fresh", case="own")
@example(text="x" * 2001, key="fresh", case="own")
@example(text="own-code", key="fresh", case="own")
def test_any_message_is_stored_as_cleaned_or_refused_whole(conversation, text, key, case):
    client, report = conversation
    cache.clear()
    if text == "own-code":
        text = f"Koden er {report.receipt_code.lower()}"
    data = {
        "message": text,
        "message_key": str(uuid.uuid4()) if key == "fresh" else key,
        "case": report.reference if case == "own" else case,
    }
    before = ReportEvent.objects.filter(kind=ReportEvent.Kind.SENDER_MESSAGE).count()

    response = client.post(STATUS, data)

    assert response.status_code < 500
    after = ReportEvent.objects.filter(kind=ReportEvent.Kind.SENDER_MESSAGE).count()
    if too_big(data, "multipart"):
        assert response.status_code == 400 and after == before
        return
    cleaned = normalise(text.strip())
    valid = (
        bool(cleaned)
        and len(cleaned) <= 2000
        and not refused(cleaned)
        and report.receipt_code.replace("-", "") not in re.sub(r"[^0-9A-Z]", "", cleaned.upper())
        and key == "fresh"
        and case == "own"
    )
    note(f"valid: {valid}")
    event("stored" if valid else "refused")
    if valid:
        assert response.status_code == 302
        assert after == before + 1
        stored = ReportEvent.objects.filter(kind=ReportEvent.Kind.SENDER_MESSAGE).latest("pk")
        assert stored.detail == cleaned
        assert Notification.objects.filter(report=report, kind="sender_message").count() == after
        html = client.get(STATUS).content.decode()
    else:
        assert response.status_code == 200
        assert after == before
        html = response.content.decode()
    for snippet in hostile_snippets_in([text]):
        assert snippet not in html
