"""The public concern form. Every rule is checked here, on the server, in the page's language."""

import uuid
from typing import cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from crispy_forms.utils import TEMPLATE_PACK
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from concerns.models import Report
from concerns.text import normalise, refused_characters
from levels.models import Unit
from priorities.models import PriorityArea

DESCRIPTION_MAX = 4000


def reject_control_characters(value):
    if refused_characters(value):
        raise ValidationError(
            _("Teksten inneholder tegn som ikke kan brukes. Skriv den inn på nytt."),
            code="control_characters",
        )


class CleanCharField(forms.CharField):
    """A text field that refuses control and invisible characters (concerns/text.py) with one
    clear message, and gives its text in NFC."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        # Ours covers NUL too; Django's own check would add a second message.
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]
        self.validators.append(reject_control_characters)

    def to_python(self, value):
        return normalise(super().to_python(value))


class Section(Div):
    """A numbered part of a form: a <section> named by its <h2>."""

    template = "%s/layout/section.html"

    def __init__(self, heading_id, heading, *fields):
        super().__init__(*fields)
        self.heading_id = heading_id
        self.heading = heading


class Paragraph:
    """A paragraph of text between the fields, translated when the form is rendered."""

    def __init__(self, text):
        self.text = text

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        return render_to_string(f"{template_pack}/layout/paragraph.html", {"text": self.text})


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Hva vil du gjøre?"),
        choices=[
            (Report.Kind.REPORT, _("Sende en bekymringsmelding")),
            (Report.Kind.DISCUSSION, _("Drøfte en bekymring anonymt, uten navn på barnet")),
        ],
        initial=Report.Kind.REPORT,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg om du vil sende en melding eller drøfte anonymt.")},
    )
    reporter_role = forms.ChoiceField(
        label=_("Hvem er du?"),
        choices=Report.ReporterRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg hvem du er.")},
        help_text=_(
            "Offentlig ansatte og fagpersoner må oppgi navn: plikten til å melde fra til "
            "barnevernet er personlig (barnevernsloven § 13-2). Privatpersoner og unge kan være anonyme."
        ),
    )
    reporter_name = CleanCharField(label=_("Ditt navn"), max_length=200)
    reporter_title = CleanCharField(label=_("Din stilling eller rolle"), max_length=200)
    reporter_workplace = CleanCharField(label=_("Arbeidssted"), max_length=200)
    EMPLOYEE_FIELDS = ("reporter_name", "reporter_title", "reporter_workplace")
    reporter_phone = CleanCharField(label=_("Telefon"), max_length=30)
    reporter_email = forms.EmailField(
        label=_("E-post"),
        required=False,
        max_length=254,
        # A quoted local part may hold control characters that a mail client would show.
        validators=[reject_control_characters],
    )

    child_age = forms.IntegerField(
        label=_("Alder på barnet eller den unge"),
        min_value=0,
        max_value=23,
        error_messages={
            "min_value": _("Alderen må være mellom 0 og 23 år."),
            "max_value": _(
                "Alderen må være mellom 0 og 23 år. SLT-arbeidet gjelder barn og unge opp til 23 år."
            ),
            "invalid": _("Skriv alderen som et tall, for eksempel 14."),
            "required": _("Skriv omtrent hvor gammel barnet eller den unge er."),
        },
    )
    child_name = CleanCharField(
        label=_("Navn på barnet eller den unge"),
        max_length=200,
        help_text=_("Ikke oppgi navn hvis du vil drøfte saken anonymt."),
    )
    child_school = CleanCharField(label=_("Skole eller barnehage"), max_length=200)
    guardians_informed = forms.ChoiceField(
        label=_("Vet foreldrene eller de foresatte om bekymringen?"),
        choices=Report.GuardiansInformed.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg ja, nei eller vet ikke.")},
    )

    topic = forms.ChoiceField(
        label=_("Hva handler bekymringen om?"),
        error_messages={"required": _("Velg hva bekymringen handler om.")},
    )
    description = CleanCharField(
        label=_("Beskriv bekymringen"),
        required=True,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 8, "data-counter": DESCRIPTION_MAX}),
        help_text=_(
            "Skriv hva du har sett eller hørt, når det skjedde, og hvem andre som vet om det. "
            "Høyst 4000 tegn."
        ),
        error_messages={
            "required": _("Beskriv bekymringen med noen setninger."),
            "max_length": _(
                "Beskrivelsen kan være høyst %(limit_value)d tegn. Nå er den %(show_value)d tegn."
            ),
        },
    )
    recipient = forms.ChoiceField(
        label=_("Hvem skal få meldingen?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg hvem som skal få meldingen.")},
        help_text=_(
            "Er du usikker, velg SLT-koordinatoren. Radikalisering: velg SLT-koordinatoren eller politiet."
        ),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    # A honeypot: hidden from people (and from screen readers), filled in by form robots.
    website = forms.CharField(required=False, label=_("Ikke fyll ut dette feltet"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {
            unit.slug: unit
            for unit in Unit.objects.published()
            .filter(reporting__receives_reports=True)
            .select_related("reporting")
        }
        self.areas = {area.slug: area for area in PriorityArea.objects.published()}
        recipient = cast(forms.ChoiceField, self.fields["recipient"])
        recipient.choices = [(slug, unit.name) for slug, unit in self.units.items()]
        coordinator = next((s for s, u in self.units.items() if u.is_coordinator), None)
        recipient.initial = coordinator
        cast(forms.ChoiceField, self.fields["topic"]).choices = [
            ("", _("Velg et tema")),
            *[(f"area:{slug}", area.title) for slug, area in self.areas.items()],
            (Report.Category.RADICALISATION, Report.Category.RADICALISATION.label),
            (Report.Category.OTHER, _("Noe annet")),
        ]
        # A pasted text longer than the limit must not be cut off without a word: the
        # counter and the server's message say how much is too much.
        self.fields["description"].widget.attrs.pop("maxlength", None)
        if not self.is_bound:
            self.fields["submission_key"].initial = uuid.uuid4()
        for name in self.EMPLOYEE_FIELDS:
            # Read by the pack's field template, which marks them "for employees".
            self.fields[name].required_for_employees = True  # type: ignore[attr-defined]
        self.helper = FormHelper()
        self.helper.form_class = "report-form"
        self.helper.layout = Layout(
            "submission_key",
            Field("website", template="%s/honeypot.html"),
            Section(
                "kind-heading",
                _("1. Hva gjelder det?"),
                "kind",
                Paragraph(
                    _(
                        "Ved anonym drøfting oppgir du ikke navnet på barnet. Enheten svarer deg på statussiden med referansen og kvitteringskoden du får, eller på telefon hvis du legger igjen et nummer."
                    )
                ),
            ),
            Section(
                "you-heading",
                _("2. Om deg"),
                "reporter_role",
                Div(
                    Paragraph(
                        _(
                            "Anonym betyr at du ikke oppgir navn eller kontaktinformasjon. Da kan ingen kontakte deg for å spørre mer, og du får bare svar på statussiden. Det du skriver, kan likevel si noe om hvem du er."
                        )
                    ),
                    css_class="ds-alert",
                    data_color="info",
                ),
                *self.EMPLOYEE_FIELDS,
                "reporter_phone",
                "reporter_email",
            ),
            Section(
                "child-heading",
                _("3. Hvem gjelder det?"),
                "child_age",
                "child_name",
                "child_school",
                "guardians_informed",
            ),
            Section("topic-heading", _("4. Hva handler det om?"), "topic", "description"),
            Section(
                "recipient-heading",
                _("5. Hvem skal få meldingen?"),
                # Each unit with a line on what to send it, from form.recipient_units.
                Field("recipient", template="concerns/_recipient_field.html"),
            ),
            Submit("", _("Send meldingen")),
        )

    def recipient_units(self):
        return list(self.units.values())

    def clean(self):
        super().clean()
        data = self.cleaned_data
        role = data.get("reporter_role")
        if role == Report.ReporterRole.PROFESSIONAL:
            for field, message in [
                (
                    "reporter_name",
                    _("Skriv navnet ditt. Offentlig ansatte kan ikke melde anonymt."),
                ),
                ("reporter_title", _("Skriv stillingen eller rollen din.")),
                ("reporter_workplace", _("Skriv hvor du arbeider.")),
            ]:
                if not data.get(field):
                    self.add_error(field, message)
            if not data.get("reporter_phone") and not data.get("reporter_email"):
                self.add_error(
                    "reporter_phone", _("Skriv telefonnummer eller e-post, slik at vi kan nå deg.")
                )
        if data.get("kind") == Report.Kind.DISCUSSION and data.get("child_name"):
            self.add_error(
                "child_name",
                _(
                    "Ved anonym drøfting skal du ikke oppgi navnet. Fjern navnet, eller velg bekymringsmelding."
                ),
            )
        return data

    def clean_topic(self):
        topic = self.cleaned_data["topic"]
        if topic.startswith("area:"):
            return (Report.Category.PRIORITY_AREA, self.areas[topic.removeprefix("area:")])
        return (topic, None)

    def clean_recipient(self):
        return self.units[self.cleaned_data["recipient"]]

    def report_data(self):
        data = dict(self.cleaned_data)
        data["category"], data["priority_area"] = data.pop("topic")
        return data
