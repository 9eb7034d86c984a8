"""HTML and script in what residents and staff type is shown as text and never runs.

Every free-text field of a report is shown escaped on the change page and the case list, kept
verbatim in the plain-text export and left out of the notification e-mail; staff messages
are escaped on the public status page and in the timeline; and the e-mail field refuses
control characters as every other text field does.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils.html import escape
from hypothesis import given, settings
from hypothesis import strategies as st

from concerns.models import Report
from concerns.notifications import notification_deliver
from tests.reliability.bad_input.strategies import (
    BOUNDED,
    FORM,
    HTML,
    STATUS,
    TEXT_LIMITS,
    counts,
    fields_with_errors,
)
from tests.reports import stored_report, valid_form

pytestmark = pytest.mark.django_db

REPORT_PERSONAL_FIELDS = [*TEXT_LIMITS, "reporter_email"]


def hostile_fields():
    """A value with HTML or script for every free-text field, each within its field's limit."""

    def with_html(limit):
        snippets = [s for s in HTML if len(s) + 8 <= limit] or ["<i>"]
        padding = st.text(alphabet="abc æøå\n", max_size=4)
        return st.tuples(padding, st.sampled_from(snippets), padding).map(
            lambda parts: f"{parts[0].lstrip()}{parts[1]}{parts[2].rstrip()}"
        )

    phone = st.sampled_from(["<b>77</b> 02", "<i>xss</i>", "\"'><s>1"])
    return st.fixed_dictionaries(
        {
            **{name: with_html(limit) for name, limit in TEXT_LIMITS.items()},
            "reporter_phone": phone,
            "reporter_email": st.sampled_from(
                ['"<b>xss-8</b>"@example.org', '"<script>alert(9)</script>"@example.org']
            ),
        }
    )


@settings(BOUNDED, max_examples=20)
@given(values=hostile_fields())
def test_html_in_every_field_is_escaped_for_staff_and_plain_in_the_export(
    coordinator, values, mailoutbox
):
    cache.clear()
    mailoutbox.clear()
    data = valid_form(reporter_role="professional", **values)
    response = Client().post(FORM, data)
    assert response.status_code == 302
    report = Report.objects.latest("pk")
    snippets = {value for value in values.values() if "<" in value}

    page = coordinator.get(f"/admin/concerns/report/{report.pk}/change/").content.decode()
    for name, value in values.items():
        stored = getattr(report, name)
        assert stored == value.strip()
        shown = escape(stored).replace("\n", "<br>")
        assert shown in page, name
    for snippet in snippets:
        assert snippet not in page

    query = values["description"]
    listing = coordinator.get("/admin/concerns/report/", {"q": query}).content.decode()
    assert f'value="{escape(query)}"' in listing
    full_list = coordinator.get("/admin/concerns/report/").content.decode()
    assert report.reference in full_list
    for snippet in snippets:
        assert snippet not in listing
        assert snippet not in full_list

    export = coordinator.get(f"/admin/concerns/report/{report.pk}/export/")
    assert export.status_code == 200
    assert export["Content-Type"] == "text/plain; charset=utf-8"
    assert export["X-Content-Type-Options"] == "nosniff"
    assert export["Content-Disposition"].startswith("attachment;")
    text = export.content.decode()
    for name in values:
        # An archive copy must say exactly what was sent, so plain text is not HTML-escaped;
        # continuation lines are indented so that no line of a field can pass for another.
        assert getattr(report, name).replace("\n", "\n    ") in text, name

    notification = report.notifications.get()
    assert notification_deliver(notification_id=notification.pk) == "sent"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    parts = [message.subject, message.body, *(alt.content for alt in message.alternatives)]
    assert report.reference in message.body
    personal = [getattr(report, name) for name in REPORT_PERSONAL_FIELDS]
    for part in parts:
        assert not re.search(r"xss-\d+|<script|onerror|onload", part)
        for value in personal:
            assert not value or value not in part


def test_staff_html_is_escaped_on_the_public_status_page_and_in_the_timeline(coordinator):
    report = stored_report("slt-koordinator")
    message = "Hei <script>alert('xss-10')</script>\n<b>svar</b>"
    note_text = "<img src=x onerror=alert('xss-11')>"
    response = coordinator.post(
        f"/admin/concerns/report/{report.pk}/change/",
        {
            "status": "received",
            "outcome": "",
            "assignee": "",
            "message_to_sender": message,
            "note": note_text,
            "forward_to": "",
        },
    )
    assert response.status_code == 302
    page = coordinator.get(f"/admin/concerns/report/{report.pk}/change/").content.decode()
    assert escape(note_text) in page
    assert note_text not in page
    assert "<script>alert('xss-10')" not in page

    # The lookup opens the conversation in the session and shows it after a redirect.
    status = Client().post(
        STATUS, {"reference": report.reference, "code": report.receipt_code}, follow=True
    )
    html = status.content.decode()
    assert "Hei &lt;script&gt;alert(&#x27;xss-10&#x27;)&lt;/script&gt;<br>&lt;b&gt;svar" in html
    assert "<script>alert(" not in html


def test_control_characters_are_refused_in_the_email_field_as_in_every_other(resident):
    # Every other text field refuses control characters so that staff never read disguised
    # text; a quoted local part lets them through the e-mail check.
    response = resident.post(FORM, valid_form(reporter_email='"\x1b[31m\x07"@example.org'))
    assert response.status_code == 200
    assert "reporter_email" in fields_with_errors(response.content.decode())
    assert counts() == (0, 0, 0)
