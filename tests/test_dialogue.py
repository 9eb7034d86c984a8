"""The conversation between the unit and the sender, anonymous senders included.

The sender looks up their report with the reference and the receipt code, reads the status,
its history and the thread, and writes; staff write from the report's page in the admin.
Every message is an event on the timeline, encrypted, never in an e-mail, a log or a URL.
"""

import re
import time
import uuid
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from concerns.models import Notification, Report, ReportEvent
from concerns.notifications import notification_deliver
from concerns.receipts import CONVERSATION_KEY
from concerns.retention import reports_erase_expired
from concerns.services import report_update_case
from tests.reports import stored_report, valid_form

pytestmark = pytest.mark.django_db

FORM = "/bekymring/"
STATUS = "/bekymring/status/"
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def send(client, path=FORM, **overrides):
    """Send a report through the form as a sender would; the report and its receipt code."""
    response = client.post(path, valid_form(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    receipt = client.get(response.url).content.decode()
    code = CODE.search(receipt)
    assert code, receipt
    return Report.objects.latest("pk"), code.group(0)


def look_up(client, report, code, path=STATUS):
    response = client.post(path, {"reference": report.reference, "code": code})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response.url


def page(client, path=STATUS):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def hidden(html, name):
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, name
    return match.group(1)


def write(client, text, html, path=STATUS, **overrides):
    data = {
        "message": text,
        "message_key": hidden(html, "message_key"),
        "case": hidden(html, "case"),
    }
    data.update(overrides)
    return client.post(path, data)


def unit_writes(report, user, text, **case):
    report_update_case(
        report=report,
        actor=user,
        status=case.get("status", report.status),
        outcome=case.get("outcome", report.outcome),
        assignee=None,
        message=text,
    )


def counts():
    return (
        ReportEvent.objects.filter(kind=ReportEvent.Kind.SENDER_MESSAGE).count(),
        Notification.objects.filter(kind=Notification.Kind.SENDER_MESSAGE).count(),
    )


@pytest.fixture
def opened(resident):
    """An anonymous sender who has sent a report and looked it up: (client, report, html)."""
    report, code = send(resident)
    look_up(resident, report, code)
    report.receipt_code = code
    return resident, report, page(resident)


# 1. The thread on the status page.


def test_the_sender_reads_the_units_question_and_answers_it(resident, coordinator_user):
    report, code = send(resident)
    unit_writes(report, coordinator_user, "Hvor gammel er gutten?", status="received")

    assert look_up(resident, report, code) == STATUS
    html = page(resident)
    assert "Hvor gammel er gutten?" in html
    assert "Enheten skrev" in html
    assert "(koordinator)" not in html and ">koordinator<" not in html  # no staff name
    assert "Jeg så ham kjøpe alkohol" not in html  # never the report's content

    response = write(resident, "Han er 14 år.\r\nDet skjedde igjen i går.", html)
    assert response.status_code == 302 and response.url == STATUS
    html = page(resident)
    assert "Meldingen din er sendt til enheten" in html
    assert html.index("Hvor gammel er gutten?") < html.index("Han er 14 år.<br>Det skjedde")
    assert "Du skrev" in html

    event = report.events.get(kind=ReportEvent.Kind.SENDER_MESSAGE)
    assert event.detail == "Han er 14 år.\nDet skjedde igjen i går."
    assert event.actor is None
    report.refresh_from_db()
    assert report.new_from_sender
    notification = report.notifications.get(kind=Notification.Kind.SENDER_MESSAGE)
    assert notification.unit == report.recipient
    # The one-time notice is gone on the next visit.
    assert "Meldingen din er sendt til enheten" not in page(resident)


def test_the_message_is_encrypted_at_rest(opened):
    client, _report, html = opened
    write(client, "Hun har fått nye blåmerker.", html)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT detail, message_key_hash FROM concerns_reportevent WHERE kind = %s",
            ["sender_message"],
        )
        detail, key_hash = cursor.fetchone()
    assert detail.startswith("gAAAAA") and "blåmerker" not in detail
    assert hidden(html, "message_key") not in key_hash


def test_a_double_posted_message_is_stored_once(opened):
    client, report, html = opened
    first = write(client, "To ganger?", html)
    second = write(client, "To ganger?", html)
    assert first.status_code == second.status_code == 302
    assert report.events.filter(kind=ReportEvent.Kind.SENDER_MESSAGE).count() == 1
    assert report.notifications.filter(kind=Notification.Kind.SENDER_MESSAGE).count() == 1
    assert "Meldingen var allerede sendt" in page(client)


def test_the_sender_adds_information_to_an_open_case_more_than_once(opened):
    client, report, html = opened
    write(client, "En ny hendelse på fredag.", html)
    html = page(client)
    write(client, "Og en til på lørdag.", html)
    html = page(client)
    assert html.index("En ny hendelse på fredag.") < html.index("Og en til på lørdag.")
    assert report.events.filter(kind=ReportEvent.Kind.SENDER_MESSAGE).count() == 2


@pytest.mark.parametrize(
    "spelling",
    [
        lambda code: code,
        lambda code: code.replace("-", ""),
        lambda code: code.lower(),
        lambda code: code.replace("-", " ").lower(),
        lambda code: " - ".join(code.split("-")),
    ],
    ids=["as-shown", "no-dashes", "lower", "spaces", "spaced-dashes"],
)
def test_a_message_with_the_senders_own_receipt_code_is_refused(opened, spelling):
    client, report, html = opened
    text = f"Koden min er {spelling(report.receipt_code)}, hvis dere trenger den."
    before = counts()
    response = write(client, text, html)
    assert response.status_code == 200
    answer = response.content.decode()
    assert "Meldingen inneholder kvitteringskoden din" in answer
    assert 'id="id_message_error"' in answer
    assert counts() == before


def test_another_code_in_a_message_is_fine(opened):
    client, _report, html = opened
    assert write(client, "Saksnummer ABCD-EFGH-JKLM hos politiet.", html).status_code == 302


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Skriv meldingen før du sender den."),
        ("x" * 2001, "Meldingen kan være høyst 2000 tegn. Nå er den 2001 tegn."),
        ("Hei\u202eder", "tegn som ikke kan brukes"),
        ("Hei\x00der", "tegn som ikke kan brukes"),
    ],
    ids=["empty", "too-long", "direction-override", "null"],
)
def test_bad_messages_are_refused_with_a_clear_message_and_nothing_is_stored(opened, text, message):
    client, _report, html = opened
    before = counts()
    response = write(client, text, html)
    assert response.status_code == 200
    answer = response.content.decode()
    assert message in answer
    assert 'class="ds-error-summary"' in answer
    assert counts() == before


def test_line_breaks_count_once_and_text_is_stored_in_nfc(opened):
    client, report, html = opened
    text = ("x" * 99 + "\r\n") * 19 + "e\u0301" + "x" * 99  # 2000 as the browser counts
    assert write(client, text, html).status_code == 302
    stored = report.events.get(kind=ReportEvent.Kind.SENDER_MESSAGE).detail
    assert "\r" not in stored and "é" in stored and len(stored) == 2000


def test_the_english_page_refuses_in_english(resident):
    report, code = send(resident, path="/en" + FORM)
    assert look_up(resident, report, code, path="/en" + STATUS) == "/en" + STATUS
    html = page(resident, "/en" + STATUS)
    response = write(resident, "x" * 2001, html, path="/en" + STATUS)
    assert "The message can be no more than 2000 characters. It is now 2001 characters." in (
        response.content.decode()
    )


def test_the_conversation_closes_after_half_an_hour_and_the_text_is_given_back(opened):
    client, _report, html = opened
    later = time.time() + 31 * 60
    before = counts()
    with mock.patch("concerns.receipts.time.time", return_value=later):
        response = write(client, "Skrevet sent.", html)
    assert response.status_code == 200
    answer = response.content.decode()
    assert "Meldingen din ble ikke sendt, og ingenting er lagret." in answer
    assert "det har gått mer enn 30 minutter" in answer
    assert ">Skrevet sent.</textarea>" in answer
    assert 'name="code"' in answer  # the lookup form, to open it again
    assert counts() == before
    # Looking it up again works.
    assert "Skriv til enheten" not in page(client)


def test_writing_keeps_the_conversation_open_for_another_half_hour(opened):
    client, _report, html = opened
    soon = time.time() + 20 * 60
    with mock.patch("concerns.receipts.time.time", return_value=soon):
        assert write(client, "Etter tjue minutter.", html).status_code == 302
    with mock.patch("concerns.receipts.time.time", return_value=soon + 20 * 60):
        assert "Etter tjue minutter." in page(client)


def test_leaving_and_looking_up_again_works(opened):
    client, report, _html = opened
    client.get("/")
    assert "Skriv til enheten" in page(client)
    client.post(STATUS, {"end": "1"})
    html = page(client)
    assert "Skriv til enheten" not in html and 'name="reference"' in html
    look_up(client, report, report.receipt_code)
    assert "Skriv til enheten" in page(client)


def test_a_tampered_session_opens_nothing_and_stores_nothing(opened):
    client, _report, html = opened
    session = client.session
    token = session[CONVERSATION_KEY]
    session[CONVERSATION_KEY] = token[:-8] + "AAAAAAAA"
    session.save()
    before = counts()
    response = write(client, "Via en fiklet økt.", html)
    assert response.status_code == 200
    assert "Vi kunne ikke lese hvilken sak som var åpen" in response.content.decode()
    assert counts() == before


def test_a_message_for_another_case_than_the_open_one_is_refused(resident):
    first, first_code = send(resident)
    second, second_code = send(resident)
    look_up(resident, first, first_code)
    first_tab = page(resident)
    look_up(resident, second, second_code)  # in a second tab
    before = counts()
    response = write(resident, "Til den første saken.", first_tab)
    assert response.status_code == 200
    assert "Meldingen gjelder en annen sak enn den som er åpen nå" in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize("forged", ["SLT-2026-9999", "", "' OR 1=1 --", "x" * 40])
def test_a_forged_case_is_refused(opened, forged):
    client, _report, html = opened
    before = counts()
    response = write(client, "Hei", html, case=forged)
    assert response.status_code == 200
    assert counts() == before


def test_a_message_without_a_lookup_is_refused(resident):
    report = stored_report()
    response = resident.post(
        STATUS,
        {"message": "Hei", "message_key": str(uuid.uuid4()), "case": report.reference},
    )
    assert response.status_code == 200
    assert "Ingen sak er åpen i denne nettleseren" in response.content.decode()
    assert counts() == (0, 0)


def test_a_message_to_a_purged_report_is_refused(opened, settings):
    client, report, html = opened
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.CLOSED,
        outcome=Report.Outcome.NO_ACTION,
        closed_at=timezone.now() - timedelta(days=settings.REPORT_RETENTION_DAYS + 1),
    )
    assert reports_erase_expired() == 1
    before = counts()
    response = write(client, "Er det noen der?", html)
    assert response.status_code == 200
    answer = response.content.decode()
    assert "Opplysningene i denne saken er slettet" in answer
    assert counts() == before


def test_a_report_deleted_under_an_open_conversation_is_not_found(opened):
    client, report, html = opened
    Report.objects.filter(pk=report.pk).delete()
    response = write(client, "Hallo?", html)
    assert "Vi fant ikke saken som var åpen" in response.content.decode()


def test_a_closed_report_takes_a_message_and_is_marked_but_not_reopened(opened, coordinator_user):
    client, report, html = opened
    unit_writes(
        report,
        coordinator_user,
        "Vi har snakket med skolen.",
        status="closed",
        outcome="followed_up",
    )
    html = page(client)
    assert "Saken er avsluttet" in html
    assert "Avslutningsmelding fra enheten" in html
    assert "Enheten skrev da saken ble avsluttet" in html
    assert "Saken er avsluttet, men du kan fortsatt skrive" in html
    assert write(client, "Det har skjedd igjen.", html).status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.CLOSED
    assert report.new_from_sender


@override_settings(SENDER_MESSAGES_PER_HOUR=2)
def test_sender_messages_are_rate_limited_and_the_text_is_given_back(opened):
    client, _report, _html = opened
    for number in range(2):
        assert write(client, f"Melding {number}", page(client)).status_code == 302
    response = write(client, "En for mye", page(client))
    assert response.status_code == 429
    assert "Retry-After" in response.headers
    assert "En for mye" in response.content.decode()
    assert counts()[0] == 2


@override_settings(SENDER_MESSAGES_PER_REPORT_PER_HOUR=1)
def test_sender_messages_are_limited_per_report_from_any_address(opened):
    client, report, html = opened
    assert write(client, "Første", html).status_code == 302
    other = Client(REMOTE_ADDR="198.51.100.7")
    look_up(other, report, report.receipt_code)
    assert write(other, "Andre", page(other)).status_code == 429


def test_the_session_holds_neither_the_code_nor_the_reference_nor_the_text(opened):
    client, report, html = opened
    write(client, "Hemmelig tilleggsopplysning", html)
    rows = list(Session.objects.values_list("session_data", flat=True))
    readable = " ".join(rows) + " ".join(str(Session(session_data=r).get_decoded()) for r in rows)
    assert report.receipt_code not in readable
    assert report.reference not in readable
    assert "Hemmelig" not in readable


def test_the_code_is_never_in_a_url(opened):
    _client, report, html = opened
    assert report.receipt_code not in html.split("<form")[0]
    for url in re.findall(r'(?:href|action)="([^"]*)"', html):
        assert report.receipt_code not in url and report.reference not in url


# 2. What the sender sees, in their language.


def test_the_sender_sees_date_recipient_first_answer_and_history(opened):
    _client, report, html = opened
    assert report.reference in html
    assert "<dt>Sendt</dt><dd><time" in html and "<dt>Mottaker</dt><dd>SLT-koordinator" in html
    assert "<dt>Forventet første svar</dt>" in html
    days = report.recipient.reporting.response_days
    assert f"innen {days} dager" in html
    assert re.search(r'<ol class="status-history">\s*<li><time[^>]*>[^<]+</time> Sendt</li>', html)


def test_the_status_history_has_dates_and_is_in_the_senders_language(resident, coordinator_user):
    report, code = send(resident, path="/en" + FORM)
    assert report.language == "en"
    unit_writes(report, coordinator_user, "", status="in_progress")
    # Looked up from the Norwegian page: shown in the language the sender wrote in.
    assert look_up(resident, report, code) == "/en" + STATUS
    html = page(resident, "/en" + STATUS)
    assert '<html lang="en"' in html and 'lang="en" class="status-case"' in html
    assert re.search(r"</time> Sent</li>\s*<li><time[^>]*>[^<]+</time> In progress</li>", html)
    # Also on the Norwegian page, the case itself is in English.
    nb = page(resident, STATUS)
    assert "In progress" in nb and "Under arbeid" not in nb


def test_a_forward_shows_only_the_current_recipient(resident, coordinator_user):
    report, code = send(resident)
    from concerns.services import report_forward
    from levels.models import Unit

    report_forward(
        report=report,
        to_unit=Unit.objects.get(slug="barnevernstjenesten"),
        actor=coordinator_user,
        reason="Hører hjemme hos barnevernet",
    )
    look_up(resident, report, code)
    html = page(resident)
    case = html[html.index('class="status-case"') : html.index('id="write-heading"')]
    assert "Barnevernstjenesten" in case
    assert "SLT-koordinator" not in case
    assert "Hører hjemme" not in html
    assert "Sendt videre til enheten som skal følge den opp" in html


def test_staff_see_which_language_the_sender_wrote_in(resident, coordinator):
    report, _code = send(resident, path="/en" + FORM)
    html = coordinator.get(f"/admin/concerns/report/{report.pk}/change/").content.decode()
    assert re.search(r"Avsenders språk:</label>\s*<div class=\"readonly\">Engelsk</div>", html)


# Staff write from the report's page; the flag in the case list.


def change_url(report):
    return f"/admin/concerns/report/{report.pk}/change/"


def case_form(report, **overrides):
    data = {
        "status": report.status,
        "outcome": report.outcome,
        "assignee": "",
        "message_to_sender": "",
        "message_key": str(uuid.uuid4()),
        "note": "",
        "forward_to": "",
    }
    data.update(overrides)
    return data


def test_staff_write_from_the_report_page_apart_from_internal_notes(resident, coordinator):
    report, code = send(resident)
    response = coordinator.post(
        change_url(report),
        case_form(report, message_to_sender="Kan du si mer?", note="Ringe skolen i morgen."),
    )
    assert response.status_code == 302
    look_up(resident, report, code)
    html = page(resident)
    assert "Kan du si mer?" in html
    assert "Ringe skolen" not in html
    admin_page = coordinator.get(change_url(report)).content.decode()
    conversation = admin_page[admin_page.index('class="conversation"') :]
    conversation = conversation[: conversation.index("</ol>")]
    assert "Kan du si mer?" in conversation and "Ringe skolen" not in conversation


def test_the_same_admin_form_posted_twice_stores_one_message(resident, coordinator):
    report, _code = send(resident)
    data = case_form(report, message_to_sender="Én gang")
    coordinator.post(change_url(report), data)
    coordinator.post(change_url(report), data)
    assert report.events.filter(kind=ReportEvent.Kind.MESSAGE).count() == 1


def test_a_message_from_the_sender_marks_the_case_list_until_staff_open_it(opened, coordinator):
    client, report, html = opened
    other = stored_report()
    write(client, "Ny info", html)
    listing = coordinator.get("/admin/concerns/report/").content.decode()
    assert "Ny melding fra avsender" in listing
    flagged = coordinator.get("/admin/concerns/report/?new_from_sender__exact=1").content.decode()
    assert report.reference in flagged and other.reference not in flagged
    coordinator.get(change_url(report))
    report.refresh_from_db()
    assert not report.new_from_sender
    assert (
        report.reference
        not in coordinator.get("/admin/concerns/report/?new_from_sender__exact=1").content.decode()
    )


def test_an_answer_from_staff_clears_the_mark(opened, coordinator_user):
    client, report, html = opened
    write(client, "Ny info", html)
    unit_writes(Report.objects.get(pk=report.pk), coordinator_user, "Takk!")
    assert not Report.objects.get(pk=report.pk).new_from_sender


def test_the_units_inbox_is_told_without_any_content(opened, mailoutbox):
    client, report, html = opened
    write(client, "Hemmelig tilleggsopplysning om Ola", html)
    notification = report.notifications.get(kind=Notification.Kind.SENDER_MESSAGE)
    assert notification_deliver(notification_id=notification.pk) == "sent"
    (message,) = mailoutbox
    assert message.to == ["postmottak@kvafjord.kommune.no"]
    assert message.subject == f"Ny melding fra avsender i {report.reference}"
    parts = [message.subject, message.body, *(alt.content for alt in message.alternatives)]
    assert f"/admin/concerns/report/{report.pk}/change/" in message.body
    for part in parts:
        assert "Hemmelig" not in part and "Ola" not in part and "alkohol" not in part
        assert report.receipt_code not in part
    assert report.events.filter(kind=ReportEvent.Kind.NOTIFIED).exists()


# The sender's e-mail when the unit writes.


def test_a_sender_who_asked_gets_a_content_free_email_in_their_language(
    resident, coordinator_user, mailoutbox
):
    report, code = send(
        resident, path="/en" + FORM, reporter_email="forelder@example.org", notify_sender="on"
    )
    assert report.notify_sender
    unit_writes(report, coordinator_user, "Hemmelig spørsmål om Ola")
    notification = report.notifications.get(kind=Notification.Kind.MESSAGE_TO_SENDER)
    assert notification_deliver(notification_id=notification.pk) == "sent"
    (message,) = mailoutbox
    assert message.to == ["forelder@example.org"]
    assert message.subject == f"There is a new message in your case {report.reference}"
    assert "http://127.0.0.1:8000/en/bekymring/status/" in message.body
    parts = [message.subject, message.body, *(alt.content for alt in message.alternatives)]
    for part in parts:
        assert "Hemmelig" not in part and "Ola" not in part
        assert code not in part and code.replace("-", "") not in part
        assert "/admin/" not in part  # no link that logs in
    event = report.events.filter(kind=ReportEvent.Kind.NOTIFIED).latest("pk")
    assert event.detail == "avsenderen (e-post)"


def test_the_norwegian_email_says_so_in_norwegian(resident, coordinator_user, mailoutbox):
    report, _code = send(resident, reporter_email="forelder@example.org", notify_sender="on")
    unit_writes(report, coordinator_user, "Spørsmål")
    notification = report.notifications.get(kind=Notification.Kind.MESSAGE_TO_SENDER)
    notification_deliver(notification_id=notification.pk)
    assert mailoutbox[0].subject == f"Det har kommet en ny melding i saken din {report.reference}"
    assert "/bekymring/status/" in mailoutbox[0].body


def test_no_email_is_the_default_and_anonymous_senders_never_get_one(resident, coordinator_user):
    report, _code = send(resident, reporter_email="forelder@example.org")
    anonymous, _ = send(resident)
    for each in (report, anonymous):
        assert not each.notify_sender
        unit_writes(each, coordinator_user, "Spørsmål")
        assert not each.notifications.filter(kind=Notification.Kind.MESSAGE_TO_SENDER).exists()


def test_asking_for_email_without_an_address_is_refused(resident):
    response = resident.post(FORM, valid_form(notify_sender="on"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skriv e-postadressen din hvis du vil få e-post om nye meldinger" in html
    assert 'id="id_notify_sender_error"' in html
    assert Report.objects.count() == 0


def test_an_address_erased_before_the_email_went_is_not_written_to(
    resident, coordinator_user, mailoutbox
):
    report, _code = send(resident, reporter_email="forelder@example.org", notify_sender="on")
    unit_writes(report, coordinator_user, "Spørsmål")
    Report.objects.filter(pk=report.pk).update(reporter_email="", notify_sender=False)
    notification = report.notifications.get(kind=Notification.Kind.MESSAGE_TO_SENDER)
    assert notification_deliver(notification_id=notification.pk) == "failed"
    assert mailoutbox == []
    assert Notification.objects.get(pk=notification.pk).status == Notification.Status.FAILED


def test_messages_stay_out_of_the_logs(opened, caplog, coordinator_user):
    client, report, html = opened
    with caplog.at_level("DEBUG"):
        write(client, "Hemmelig loggtest", html)
        unit_writes(Report.objects.get(pk=report.pk), coordinator_user, "Hemmelig svar")
    assert "Hemmelig" not in caplog.text
    assert report.receipt_code not in caplog.text


# Query counts and weight.


def add_messages(report, user, count):
    for number in range(count):
        ReportEvent.objects.create(
            report=report, kind=ReportEvent.Kind.SENDER_MESSAGE, detail=f"Melding {number} " * 20
        )
        ReportEvent.objects.create(
            report=report, actor=user, kind=ReportEvent.Kind.MESSAGE, detail=f"Svar {number} " * 20
        )


# The session, the report with its recipient, the thread's events, the footer's municipality.
THREAD_QUERIES = 4


def test_the_thread_page_runs_the_same_queries_however_long_the_thread(
    opened, coordinator_user, django_assert_num_queries
):
    client, report, _html = opened
    add_messages(report, coordinator_user, 1)
    with django_assert_num_queries(THREAD_QUERIES):
        client.get(STATUS)
    add_messages(report, coordinator_user, 30)
    with django_assert_num_queries(THREAD_QUERIES):
        html = client.get(STATUS).content.decode()
    assert html.count('class="thread__message') == 62


def test_the_thread_page_stays_light(opened, coordinator_user):
    """20 messages each way of about 200 characters: the HTML stays under 40 kB."""
    client, report, _html = opened
    add_messages(report, coordinator_user, 10)
    size = len(client.get(STATUS).content)
    assert size < 40_000, size


def test_only_the_last_closings_message_is_the_closing_message(opened, coordinator_user):
    client, report, _html = opened
    unit_writes(
        report, coordinator_user, "Første avslutning.", status="closed", outcome="no_action"
    )
    report.refresh_from_db()
    unit_writes(report, coordinator_user, "", status="in_progress", outcome="")
    report.refresh_from_db()
    unit_writes(report, coordinator_user, "", status="closed", outcome="advice_given")
    html = page(client)
    assert "Saken er avsluttet" in html
    assert "Avslutningsmelding fra enheten" not in html
    assert "Første avslutning." in html  # still in the thread, dated
    assert "Enheten skrev da saken ble avsluttet" not in html


def test_staff_cannot_write_to_another_units_report_by_its_id(resident, teacher):
    report, _code = send(resident)  # to the coordinator, not the school
    for target in [report.pk, 999999, "not-a-number"]:
        response = teacher.post(
            f"/admin/concerns/report/{target}/change/",
            case_form(report, message_to_sender="Fra feil enhet"),
        )
        assert response.status_code == 404
    assert not ReportEvent.objects.filter(kind=ReportEvent.Kind.MESSAGE).exists()
    assert not Notification.objects.filter(kind=Notification.Kind.MESSAGE_TO_SENDER).exists()
