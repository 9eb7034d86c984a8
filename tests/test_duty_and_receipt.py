"""The duty to report, said in time; and the receipt that proves what a public employee sent.

The server's part: the notice is in the recipient section, before the send button, for
every visitor (without JavaScript nobody can know the choices before they are sent), it
offers child welfare as the recipient, and it never blocks. The script that shows it only
while the three conditions hold is tested in Chromium (tests/browser/test_dialogue_in_browser.py).
"""

import re
import time
from unittest import mock

import pytest

from concerns.models import Report
from tests.reports import PROFESSIONAL, valid_form

pytestmark = pytest.mark.django_db

FORM = "/bekymring/"
RECEIPT = "/bekymring/kvittering/"


def test_the_notice_is_in_the_recipient_section_before_the_send_button(resident):
    html = resident.get(FORM).content.decode()
    section = html[html.index('id="recipient-heading"') :]
    assert "meldeplikten er personlig" in section
    assert "barnevernsloven § 13-2" in section
    assert section.index("duty-notice") < section.index('value="slt-koordinator"')
    assert section.index("duty-notice") < section.index('type="submit"')
    # The route it offers: the child welfare service's radio button.
    link = re.search(
        r'<a class="ds-link" href="#(id_recipient_\d+)" data-choose-recipient="barnevernstjenesten">',
        section,
    )
    assert link
    assert re.search(rf'id="{link.group(1)}" value="barnevernstjenesten"', section)
    assert 'data-coordinator="slt-koordinator"' in section
    english = resident.get("/en" + FORM).content.decode()
    assert "the duty to report is personal" in english


def test_after_an_error_the_server_marks_the_notice_when_it_applies(resident):
    data = valid_form(**PROFESSIONAL, topic="vold-eller-overgrep", child_age="")
    html = resident.post(FORM, data).content.decode()
    assert re.search(r'id="duty-notice"[^>]*data-applies="true"', html)
    other = valid_form(**PROFESSIONAL, topic="mobbing", child_age="")
    assert 'data-applies="true"' not in resident.post(FORM, other).content.decode()


def test_the_notice_never_blocks_a_report_to_the_coordinator(resident):
    data = valid_form(**PROFESSIONAL, topic="vold-eller-overgrep", recipient="slt-koordinator")
    assert resident.post(FORM, data).status_code == 302
    assert Report.objects.get().recipient.slug == "slt-koordinator"


def test_a_public_employees_receipt_shows_what_they_sent_when_and_to_whom(resident):
    data = valid_form(**PROFESSIONAL, topic="vold-eller-overgrep", recipient="barnevernstjenesten")
    resident.post(FORM, data)
    report = Report.objects.get()
    html = resident.get(RECEIPT).content.decode()
    assert report.reference in html
    assert re.search(
        r'<dd class="nowrap"><strong>[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}</strong></dd>', html
    )
    assert "Barnevernstjenesten" in html
    assert f'datetime="{report.created_at.astimezone().isoformat()}"'[:30] in html
    assert "Dette sendte du" in html
    for value in ["Lærer Larsen", "Kontaktlærer", "Vold eller overgrep", data["description"]]:
        assert value in html
    assert "data-print" in html


def test_a_private_senders_receipt_does_not_repeat_their_text(resident):
    resident.post(FORM, valid_form())
    html = resident.get(RECEIPT).content.decode()
    assert "Dette sendte du" not in html
    assert "Jeg så ham kjøpe alkohol" not in html
    assert "SLT-koordinator" in html  # the recipient, though


def test_after_half_an_hour_the_code_and_the_text_are_gone(resident):
    resident.post(FORM, valid_form(**PROFESSIONAL))
    later = time.time() + 31 * 60
    with mock.patch("concerns.receipts.time.time", return_value=later):
        html = resident.get(RECEIPT).content.decode()
    assert Report.objects.get().reference in html
    assert "Dette sendte du" not in html and "Lærer Larsen" not in html
    assert not re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", html)


def test_the_receipt_is_shown_only_in_the_session_that_sent_it(resident, db):
    from django.test import Client

    resident.post(FORM, valid_form(**PROFESSIONAL))
    assert "Ingen kvittering å vise" in Client().get(RECEIPT).content.decode()


def test_the_session_holds_the_sent_text_only_encrypted(resident):
    from django.contrib.sessions.models import Session

    resident.post(FORM, valid_form(**PROFESSIONAL))
    (row,) = Session.objects.values_list("session_data", flat=True)
    readable = row + str(Session(session_data=row).get_decoded())
    assert "Lærer Larsen" not in readable and "alkohol" not in readable


def test_the_receipt_page_runs_the_same_queries_with_what_was_sent(
    resident, django_assert_num_queries
):
    # Without a receipt the page is pinned by its declaration (tests/test_public_routes.py);
    # with one: the session and the footer's municipality, nothing per field sent.
    resident.post(FORM, valid_form(**PROFESSIONAL))
    with django_assert_num_queries(2):
        assert "Dette sendte du" in resident.get(RECEIPT).content.decode()
