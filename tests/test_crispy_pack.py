"""Our crispy-forms pack renders the concern and status forms as Designsystemet markup."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from concerns.forms import ReportForm
from concerns.report_views import StatusForm
from tests.reports import valid_form

pytestmark = pytest.mark.django_db

REPORT_FIELDS_IN_ORDER = [
    "csrfmiddlewaretoken",
    "submission_key",
    "website",
    "kind",
    "reporter_role",
    "reporter_name",
    "reporter_title",
    "reporter_workplace",
    "reporter_phone",
    "reporter_email",
    "notify_sender",
    "child_age",
    "child_name",
    "child_school",
    "guardians_informed",
    "topic",
    "description",
    "recipient",
]


def render(form, language="nb"):
    with translation.override(language):
        return Template("{% load crispy_forms_tags %}{% crispy form %}").render(
            Context({"form": form, "csrf_token": "the-token"})
        )


def names_in_order(html):
    return list(dict.fromkeys(re.findall(r'\bname="([^"]+)"', html)))


def sections(html):
    return re.findall(
        r'<section class="form-section" aria-labelledby="([a-z-]+)">\s*'
        r'<h2 class="ds-heading" data-size="md" id="\1">([^<]+)</h2>',
        html,
    )


def test_the_report_form_is_one_form_of_five_sections_in_order():
    html = render(ReportForm())
    assert html.count("<form") == 1
    assert '<form method="post" novalidate class="report-form">' in html
    assert names_in_order(html) == REPORT_FIELDS_IN_ORDER
    assert re.search(r'<input type="hidden" name="submission_key" value="[0-9a-f-]{36}"', html)
    assert sections(html) == [
        ("kind-heading", "1. Hva gjelder det?"),
        ("you-heading", "2. Om deg"),
        ("child-heading", "3. Hvem gjelder det?"),
        ("topic-heading", "4. Hva handler det om?"),
        ("recipient-heading", "5. Hvem skal få meldingen?"),
    ]
    assert re.search(r'<p class="ds-paragraph">Ved anonym drøfting oppgir du ikke navnet', html)
    assert re.search(
        r'<div class="ds-alert" data-color="info">\s*<p class="ds-paragraph">Anonym betyr', html
    )
    # One button, without a name: pressing it posts nothing more than the fields.
    assert re.search(
        r'<button type="submit" class="ds-button" data-variant="primary">Send meldingen</button>'
        r"\s*</form>\s*$",
        html,
    )
    assert "ds-error-summary" not in html


def test_the_honeypot_is_out_of_sight_and_out_of_the_tab_order():
    html = render(ReportForm())
    assert re.search(
        r'<div class="honeypot" aria-hidden="true">\s*'
        r'<label for="id_website">Ikke fyll ut dette feltet</label>\s*'
        r'<input type="text" name="website" id="id_website" tabindex="-1" autocomplete="off">\s*'
        r"</div>",
        html,
    )


def test_fields_have_designsystemet_labels_markers_and_help():
    html = render(ReportForm())
    assert re.search(
        r'<label class="ds-label" for="id_child_age">Alder på barnet eller den unge '
        r'<span class="required-marker">\(må fylles ut\)</span>\s*</label>',
        html,
    )
    for name in ReportForm.EMPLOYEE_FIELDS:
        assert re.search(
            rf'for="id_{name}">[^<]+ <span class="optional-marker">'
            r"\(må fylles ut av offentlig ansatte\)</span>",
            html,
        )
    assert re.search(
        r'for="id_reporter_phone">Telefon <span class="optional-marker">\(valgfritt\)', html
    )
    assert re.search(
        r'<input type="number" name="child_age"[^>]*class="numberinput ds-input"', html
    )
    assert re.search(
        r'<div class="ds-field-select"><select name="topic" class="topicselect ds-input"', html
    )
    textarea = re.search(r"<textarea [^>]*>", html)
    assert textarea is not None, html
    description = textarea.group(0)
    assert 'data-counter="4000"' in description
    assert "maxlength" not in description
    assert 'aria-describedby="id_description_helptext"' in description
    assert 'id="id_description_helptext"' in html
    assert '<fieldset class="ds-fieldset" id="id_kind_fieldset">' in html
    assert re.search(
        r'<legend class="ds-label">Hva vil du gjøre\? <span class="required-marker">', html
    )
    assert re.search(r'name="kind" id="id_kind_0" value="report" checked>', html)
    assert (
        '<fieldset class="ds-fieldset" id="id_reporter_role_fieldset"'
        ' aria-describedby="id_reporter_role_helptext">'
    ) in html


def test_each_recipient_has_a_line_on_what_to_send_it():
    form = ReportForm()
    html = render(form)
    assert (
        '<fieldset class="ds-fieldset" id="id_recipient_fieldset"'
        ' aria-describedby="id_recipient_helptext">'
    ) in html
    units = form.recipient_units()
    assert len(units) >= 2
    for i, unit in enumerate(units):
        assert re.search(
            rf'<input class="ds-input" type="radio" name="recipient" id="id_recipient_{i}"'
            rf' value="{unit.slug}" aria-describedby="id_recipient_{i}_about"',
            html,
        )
        assert re.search(
            rf'<p class="ds-paragraph" data-size="sm" id="id_recipient_{i}_about">\w', html
        )
    assert re.search(r'value="slt-koordinator"[^>]*checked', html)
    assert "SLT-koordinator – velg denne hvis du er usikker" in html


def test_errors_are_summarised_before_the_form_linked_and_described():
    form = ReportForm(
        data=valid_form(kind="", reporter_role="professional", child_age="99", recipient="")
    )
    assert not form.is_valid()
    html = render(form)
    assert html.index('class="ds-error-summary"') < html.index("<form")
    for target in ["id_kind_fieldset", "id_reporter_name", "id_child_age", "id_recipient_fieldset"]:
        assert f'<a class="ds-link" href="#{target}">' in html
    assert re.search(r'<input [^>]*aria-invalid="true" aria-describedby="id_child_age_error"', html)
    assert (
        '<div class="ds-validation-message" data-field="validation" id="id_child_age_error">'
        in html
    )
    assert (
        '<fieldset class="ds-fieldset" id="id_kind_fieldset" aria-describedby="id_kind_error">'
        in html
    )
    assert re.search(r'name="kind" id="id_kind_0" value="report" aria-invalid="true">', html)
    assert 'aria-describedby="id_recipient_helptext id_recipient_error"' in html
    assert 'id="id_recipient_error"' in html
    assert "Skriv navnet ditt. Offentlig ansatte kan ikke melde anonymt." in html


def test_what_was_typed_survives_an_error():
    data = valid_form(
        child_age="99", child_school="Hundstad skole", recipient="politiet", description="Hei"
    )
    html = render(ReportForm(data=data))
    assert 'value="Hundstad skole"' in html
    assert re.search(r">\s*Hei</textarea>", html)
    assert re.search(r'value="politiet"[^>]*checked', html)
    assert re.search(r'value="no" checked', html)
    assert re.search(r'value="rus"\s+selected', html)
    assert f'name="submission_key" value="{data["submission_key"]}"' in html


def test_the_form_is_translated_when_it_is_rendered():
    html = render(ReportForm(), language="en")
    assert [heading for _, heading in sections(html)][:2] == [
        "1. What is this regarding?",
        "2. About you",
    ]
    assert ">Send the report</button>" in html
    assert "Send meldingen" not in html


def test_the_status_form_has_two_fields_and_a_button():
    html = render(StatusForm())
    assert '<form method="post" novalidate>' in html
    assert names_in_order(html) == ["csrfmiddlewaretoken", "reference", "code"]
    assert re.search(r'<label class="ds-label" for="id_reference">Referanse <span', html)
    assert 'aria-describedby="id_code_helptext"' in html
    assert re.search(
        r'<button type="submit" class="ds-button" data-variant="primary">Se status</button>\s*</form>',
        html,
    )
    assert ">See status</button>" in render(StatusForm(), language="en")


def test_a_wrong_code_is_named_in_the_summary_without_a_link():
    html = render(StatusForm(data={"reference": "SLT-2000-9999", "code": "ABCD-EFGH-JKLM"}))
    assert re.search(
        r'<div class="ds-error-summary"[^>]*>.*<li>Vi fant ingen melding med denne referansen',
        html,
        re.S,
    )
    assert 'href="#' not in html
    html = render(StatusForm(data={"reference": "", "code": ""}))
    assert 'href="#id_reference"' in html and 'href="#id_code"' in html
