"""The public concern form: emergencies first, routing, receipts, and every validation rule."""

import re
import time
from unittest import mock

import pytest
from django.utils import timezone

from concerns.models import Notification, Report, ReportEvent
from tests.reports import valid_form

pytestmark = pytest.mark.django_db

FORM = "/bekymring/"


def test_emergency_numbers_come_before_any_field(resident):
    html = resident.get(FORM).content.decode()
    assert html.index("Er noen i akutt fare?") < html.index("<form")
    assert 'href="tel:112"' in html
    assert 'href="tel:116111"' in html
    assert "ikke for akutte situasjoner" in html


def test_form_offers_receiving_units_with_coordinator_preselected(resident):
    html = resident.get(FORM).content.decode()
    for slug in [
        "slt-koordinator",
        "borkenes-skole",
        "helsestasjonen",
        "barnevernstjenesten",
        "politiet",
    ]:
        assert f'value="{slug}"' in html
    assert 'value="ungdomsradet"' not in html
    assert re.search(r'value="slt-koordinator"[^>]*checked', html)
    assert "velg denne hvis du er usikker" in html
    assert "Kriminalitet, vold, rus og radikalisering" in html
    # The topics in plain words; the long policy titles stay on the priority-area pages.
    for topic in ["rus", "vold-eller-overgrep", "mobbing", "radikalisering", "annet"]:
        assert f'value="{topic}"' in html
    assert "Rusforebyggende tiltak knyttet til barn og unge" not in html


def test_form_pages_are_never_cached(resident):
    assert "no-store" in resident.get(FORM)["Cache-Control"]
    assert "no-store" in resident.get("/bekymring/kvittering/")["Cache-Control"]
    assert "no-store" in resident.get("/bekymring/status/")["Cache-Control"]


@pytest.mark.parametrize(
    "recipient",
    ["slt-koordinator", "borkenes-skole", "helsestasjonen", "barnevernstjenesten", "politiet"],
)
def test_a_valid_report_reaches_its_recipient_and_shows_a_receipt(resident, recipient):
    response = resident.post(FORM, valid_form(recipient=recipient))
    assert response.status_code == 302
    assert response.url == "/bekymring/kvittering/"
    report = Report.objects.get()
    assert report.recipient.slug == recipient
    assert re.fullmatch(r"SLT-\d{4}-\d{4,}", report.reference)
    assert report.status == Report.Status.NEW
    received = timezone.localtime(report.created_at).date()
    assert (report.due_date - received).days == report.recipient.reporting.response_days
    assert list(report.events.values_list("kind", flat=True)) == [ReportEvent.Kind.SUBMITTED]
    assert Notification.objects.filter(report=report, unit=report.recipient).count() == 1

    receipt = resident.get(response.url).content.decode()
    assert report.reference in receipt
    code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", receipt)
    assert code is not None, receipt
    assert report.receipt_code_matches(code.group(0))
    assert "Ola Nordmann" not in receipt


def test_refreshing_the_receipt_does_not_submit_again(resident):
    resident.post(FORM, valid_form())
    for _ in range(3):
        assert resident.get("/bekymring/kvittering/").status_code == 200
    assert Report.objects.count() == 1


def test_a_double_click_stores_one_report(resident):
    data = valid_form()
    first = resident.post(FORM, data)
    second = resident.post(FORM, data)
    assert first.status_code == second.status_code == 302
    assert Report.objects.count() == 1
    assert Notification.objects.count() == 1


def test_references_are_unique(resident):
    for _ in range(3):
        resident.post(FORM, valid_form())
    references = list(Report.objects.values_list("reference", flat=True))
    assert len(set(references)) == 3


def test_anonymous_discussion_without_a_name(resident):
    response = resident.post(
        FORM, valid_form(kind="discussion", child_name="", reporter_role="young_person")
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.kind == Report.Kind.DISCUSSION
    assert report.child_name == ""


def test_public_employee_with_full_details_is_accepted(resident):
    data = valid_form(
        reporter_role="professional",
        reporter_name="Lærer Larsen",
        reporter_title="Kontaktlærer",
        reporter_workplace="Borkenes skole",
        reporter_email="larsen@example.org",
        topic="radikalisering",
        recipient="politiet",
    )
    assert resident.post(FORM, data).status_code == 302
    report = Report.objects.get()
    assert getattr(report.topic, "slug", None) == "radikalisering"
    assert report.category == Report.Category.RADICALISATION
    assert report.priority_area is None


def assert_refused(resident, data, field, message, path=FORM):
    response = resident.post(path, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html, html[html.find("ds-error-summary") :][:2000]
    assert f'id="id_{field}_error"' in html
    assert 'class="ds-error-summary"' in html
    assert Report.objects.count() == 0
    assert Notification.objects.count() == 0
    return html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"child_age": "24"}, "child_age", "Alderen må være mellom 0 og 23 år"),
        ({"child_age": "-1"}, "child_age", "Alderen må være mellom 0 og 23 år"),
        ({"child_age": "fjorten"}, "child_age", "Skriv alderen som et tall"),
        ({"child_age": ""}, "child_age", "Skriv omtrent hvor gammel"),
        (
            {"reporter_role": "professional"},
            "reporter_name",
            "Offentlig ansatte kan ikke melde anonymt",
        ),
        (
            {
                "reporter_role": "professional",
                "reporter_name": "A",
                "reporter_title": "B",
                "reporter_workplace": "C",
            },
            "reporter_phone",
            "Skriv telefonnummer eller e-post",
        ),
        ({"kind": "discussion"}, "child_name", "Ved anonym drøfting skal du ikke oppgi navnet"),
        ({"recipient": "ungdomsradet"}, "recipient", "Velg et gyldig valg"),
        ({"recipient": "finnes-ikke"}, "recipient", "Velg et gyldig valg"),
        ({"topic": "finnes-ikke"}, "topic", "Velg et gyldig valg"),
        ({"topic": "area:rusforebygging"}, "topic", "Velg et gyldig valg"),
        ({"topic": ""}, "topic", "Velg hva bekymringen handler om"),
        ({"reporter_role": ""}, "reporter_role", "Velg hvem du er"),
        ({"guardians_informed": "maybe"}, "guardians_informed", "Velg et gyldig valg"),
        ({"description": ""}, "description", "Beskriv bekymringen med noen setninger"),
        (
            {"description": "x" * 4001},
            "description",
            "Beskrivelsen kan være høyst 4000 tegn. Nå er den 4001 tegn.",
        ),
        ({"description": "Hei\x00der"}, "description", "tegn som ikke kan brukes"),
        ({"child_name": "Ola\x1b[31m"}, "child_name", "tegn som ikke kan brukes"),
        ({"reporter_email": "ikke-en-adresse"}, "reporter_email", "gyldig e-postadresse"),
        ({"kind": "something"}, "kind", "Velg et gyldig valg"),
    ],
)
def test_bad_input_is_refused_with_a_norwegian_message_and_nothing_is_stored(
    resident, overrides, field, message
):
    assert_refused(resident, valid_form(**overrides), field, message)


def test_unpublished_topic_cannot_be_posted_by_hand(resident):
    from concerns.models import Topic

    Topic.objects.filter(slug="rus").update(published=False)
    assert_refused(resident, valid_form(), "topic", "Velg et gyldig valg")


def test_errors_are_in_english_on_the_english_form(resident):
    html = assert_refused(
        resident,
        valid_form(child_age="30"),
        "child_age",
        "The age must be between 0 and 23",
        path="/en/bekymring/",
    )
    assert '<html lang="en"' in html


def test_what_was_typed_survives_a_validation_error(resident):
    data = valid_form(child_age="99", child_school="Hundstad skole", recipient="politiet")
    html = resident.post(FORM, data).content.decode()
    assert 'value="Hundstad skole"' in html
    assert "Jeg så ham kjøpe alkohol på lørdag." in html
    assert re.search(r'value="politiet"[^>]*checked', html)
    assert re.search(r'value="rus"\s+selected', html)
    assert f'value="{data["submission_key"]}"' in html


def test_error_summary_links_to_each_field(resident):
    html = resident.post(FORM, valid_form(child_age="99", description="")).content.decode()
    assert 'href="#id_child_age"' in html
    assert 'href="#id_description"' in html
    assert re.search(r'aria-describedby="[^"]*id_child_age_error', html)


def test_an_oversized_body_is_refused_without_storing_anything(resident):
    response = resident.post(FORM, valid_form(description="x" * 100_000))
    assert response.status_code == 400
    assert "Vi kunne ikke ta imot det som ble sendt" in response.content.decode()
    assert Report.objects.count() == 0


def test_a_tampered_csrf_token_gets_a_403_page(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.get(FORM)
    response = client.post(FORM, {**valid_form(), "csrfmiddlewaretoken": "forged"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Skjemaet kunne ikke sendes" in html
    assert 'class="site-header"' in html
    assert Report.objects.count() == 0


def receipt_code(html):
    match = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", html)
    return match.group(0) if match else None


def test_a_double_click_whose_first_answer_was_lost_still_shows_the_receipt(db):
    from django.test import Client

    data = valid_form()
    first_tab, second_tab = Client(), Client()  # the first response, and its cookie, never arrived
    first_tab.post(FORM, data)
    second_tab.post(FORM, data)
    code = receipt_code(second_tab.get("/bekymring/kvittering/").content.decode())
    assert code and Report.objects.get().receipt_code_matches(code)
    assert Report.objects.count() == 1


def test_the_receipt_code_is_hidden_after_half_an_hour(resident):
    resident.post(FORM, valid_form())
    assert receipt_code(resident.get("/bekymring/kvittering/").content.decode())
    later = time.time() + 31 * 60
    with mock.patch("concerns.receipts.time.time", return_value=later):
        html = resident.get("/bekymring/kvittering/").content.decode()
    assert Report.objects.get().reference in html
    assert receipt_code(html) is None
    assert "Kvitteringskoden vises ikke lenger" in html


def test_the_session_ends_with_the_browser(resident):
    resident.post(FORM, valid_form())
    cookie = resident.cookies["sessionid"]
    assert not cookie["expires"] and not cookie["max-age"]


def test_line_breaks_count_once_towards_the_limit(resident):
    text = ("x" * 79 + "\r\n") * 49 + "x" * 80  # 4000 characters as the browser counts them
    assert resident.post(FORM, valid_form(description=text)).status_code == 302
    assert len(Report.objects.get().description) == 4000


@pytest.mark.parametrize("character", ["\u202e", "\u200b", "\ufeff", "\x07"])
def test_invisible_and_direction_characters_are_refused(resident, character):
    assert_refused(
        resident,
        valid_form(child_school=f"Borkenes{character}skole"),
        "child_school",
        "tegn som ikke kan brukes",
    )


def test_a_null_character_gets_one_clear_message(resident):
    html = assert_refused(
        resident, valid_form(description="a\x00b"), "description", "tegn som ikke kan brukes"
    )
    error = html[html.index('id="id_description_error"') :]
    assert error[: error.index("</div>")].count("<p") == 1
