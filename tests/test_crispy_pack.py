"""Our crispy-forms template pack renders Designsystemet markup with linked errors."""

import re

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.template import Context, Template
from django.utils import translation


class ExampleForm(forms.Form):
    name = forms.CharField(label="Navn", max_length=20, help_text="Fornavn holder.")
    age = forms.IntegerField(label="Alder", min_value=0, max_value=23)
    role = forms.ChoiceField(
        label="Hvem er du",
        choices=[("private", "Privatperson"), ("employee", "Ansatt")],
        widget=forms.RadioSelect,
    )
    parents_know = forms.BooleanField(label="Foreldrene vet om det", required=False)
    unit = forms.ChoiceField(label="Mottaker", choices=[("slt", "SLT-koordinator")])
    text = forms.CharField(label="Beskrivelse", widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("send", "Send"))


def render(form):
    with translation.override("nb"):
        return Template("{% load crispy_forms_tags %}{% crispy form %}").render(
            Context({"form": form})
        )


def test_unbound_form_uses_designsystemet_classes():
    html = render(ExampleForm())
    assert 'class="ds-field"' in html
    assert '<label class="ds-label" for="id_name">' in html
    assert re.search(r'<input[^>]*name="name"[^>]*class="[^"]*\bds-input\b', html)
    assert re.search(r'<textarea[^>]*class="[^"]*\bds-input\b', html)
    assert 'class="ds-button"' in html
    assert '<fieldset class="ds-fieldset" id="id_role_fieldset"' in html
    assert "ds-error-summary" not in html
    assert 'aria-describedby="id_name_helptext"' in html
    assert 'id="id_name_helptext"' in html
    assert "(må fylles ut)" in html and "(valgfritt)" in html


def test_errors_are_summarised_linked_and_described():
    form = ExampleForm(data={"name": "x" * 30, "age": "40", "unit": "slt"})
    assert not form.is_valid()
    html = render(form)
    assert 'class="ds-error-summary"' in html
    assert 'href="#id_name"' in html
    assert 'href="#id_age"' in html
    assert 'href="#id_role_fieldset"' in html
    assert 'id="id_age_error"' in html
    assert re.search(r'<input[^>]*aria-describedby="id_age_error"', html)
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*name="age"', html) or re.search(
        r'<input[^>]*name="age"[^>]*aria-invalid="true"', html
    )
    assert re.search(r'aria-describedby="id_name_helptext id_name_error"', html)
    assert 'aria-describedby="id_role_error"' in html
    assert 'class="ds-validation-message"' in html


@pytest.mark.django_db
def test_what_the_person_typed_survives_an_error():
    form = ExampleForm(data={"name": "Kari", "age": "99", "role": "employee", "text": "Hei"})
    html = render(form)
    assert 'value="Kari"' in html
    assert re.search(r">\s*Hei</textarea>", html)
    assert re.search(r'value="employee" checked', html)
