"""The public concern form, the sender's message on the status page, and the form staff use
for a concern taken by phone, letter or in a meeting. Every rule is checked here, on the
server, in the page's language."""

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

from concerns.models import Report, Topic
from concerns.receipts import contains_receipt_code
from concerns.services import MESSAGE_MAX, REPORT_FIELDS
from concerns.text import normalise, refused_characters
from levels.models import Unit

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
        return normalise(super().to_python(value) or "")


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


class TopicSelect(forms.Select):
    """The topic list; the topics of the duty to report are marked for the form's script."""

    duty: frozenset[str] = frozenset()

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value) in self.duty:
            option["attrs"]["data-duty"] = "true"
        return option


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
    notify_sender = forms.BooleanField(
        label=_("Send meg en e-post når enheten skriver til meg"),
        required=False,
        help_text=_(
            "E-posten sier bare at det har kommet en ny melding. Du leser den på statussiden med "
            "referansen og kvitteringskoden. Krever at du har skrevet e-postadressen din."
        ),
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
        widget=TopicSelect,
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
        self.topics = {topic.slug: topic for topic in Topic.objects.published()}
        recipient = cast(forms.ChoiceField, self.fields["recipient"])
        recipient.choices = [(slug, unit.name) for slug, unit in self.units.items()]
        coordinator = next((s for s, u in self.units.items() if u.is_coordinator), None)
        recipient.initial = coordinator
        topic = cast(forms.ChoiceField, self.fields["topic"])
        topic.choices = [
            ("", _("Velg et tema")),
            *[(slug, topic.label) for slug, topic in self.topics.items()],
        ]
        cast(TopicSelect, topic.widget).duty = frozenset(
            slug for slug, topic in self.topics.items() if topic.duty_to_report
        )
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
                Field("notify_sender", template="concerns/_checkbox_field.html"),
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

    def duty_notice(self):
        """What the notice on the duty to report needs: the coordinator, which it is about,
        and child welfare, the route it offers. None when the form has no coordinator."""
        units = list(self.units.values())
        coordinator = next((unit for unit in units if unit.is_coordinator), None)
        if coordinator is None:
            return None
        child_welfare = next(
            (
                (index, unit)
                for index, unit in enumerate(units)
                if unit.kind == Unit.Kind.CHILD_WELFARE
            ),
            None,
        )
        return {
            "coordinator": coordinator.slug,
            "child_welfare": child_welfare[1] if child_welfare else None,
            "child_welfare_index": child_welfare[0] if child_welfare else None,
            "applies": self.duty_applies(),
        }

    def duty_applies(self) -> bool:
        """The three conditions, on what was posted: a public employee, sending to the
        coordinator, about violence, abuse or serious neglect."""
        if not self.is_bound:
            return False
        topic = self.topics.get(str(self.data.get("topic", "")))
        unit = self.units.get(str(self.data.get("recipient", "")))
        return bool(
            self.data.get("reporter_role") == Report.ReporterRole.PROFESSIONAL
            and topic is not None
            and topic.duty_to_report
            and unit is not None
            and unit.is_coordinator
        )

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
        if (
            data.get("notify_sender")
            and not data.get("reporter_email")
            and "reporter_email" not in self.errors
        ):
            self.add_error(
                "notify_sender",
                _(
                    "Skriv e-postadressen din hvis du vil få e-post om nye meldinger, eller fjern haken. Uten adresse kan vi ikke varsle deg."
                ),
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
        return self.topics[self.cleaned_data["topic"]]

    def clean_recipient(self):
        return self.units[self.cleaned_data["recipient"]]

    def report_data(self):
        """The cleaned data as the service stores it: the topic with the category and
        priority area it maps to, which the statistics count by."""
        data = dict(self.cleaned_data)
        topic = data["topic"]
        data["category"], data["priority_area"] = topic.report_category, topic.priority_area
        return data

    def sent_for_receipt(self) -> list[list[str]]:
        """What a public employee sent, as label and value pairs, for their printed receipt.

        In the page's language, read while the form is still in hand."""
        data = self.cleaned_data
        choices: dict[str, dict] = {
            "kind": dict(
                cast(list[tuple[str, str]], cast(forms.ChoiceField, self.fields["kind"]).choices)
            ),
            "reporter_role": dict(Report.ReporterRole.choices),
            "guardians_informed": dict(Report.GuardiansInformed.choices),
        }
        sent = []
        # What the sender wrote, in the report's own field order; not the recipient (shown on
        # the receipt already) nor the e-mail choice.
        shown = [name for name in REPORT_FIELDS if name in self.fields]
        for name in (name for name in shown if name not in ("recipient", "notify_sender")):
            value = data.get(name)
            if name in choices:
                value = choices[name].get(value, value)
            elif name == "topic":
                value = value.label if value else ""
            if value in ("", None):
                continue
            sent.append([str(self.fields[name].label), str(value)])
        return sent


class MessageForm(forms.Form):
    """A message from the sender on the status page: the description's cleaning and
    refused characters, its own length limit, never the receipt code."""

    message = CleanCharField(
        label=_("Skriv en melding til enheten"),
        required=True,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "data-counter": MESSAGE_MAX}),
        help_text=_(
            "Svar på spørsmål fra enheten, eller fortell om noe nytt, for eksempel en ny hendelse. "
            "Høyst 2000 tegn. Ikke skriv kvitteringskoden her."
        ),
        error_messages={
            "required": _("Skriv meldingen før du sender den."),
            "max_length": _(
                "Meldingen kan være høyst %(limit_value)d tegn. Nå er den %(show_value)d tegn."
            ),
        },
    )
    message_key = forms.UUIDField(widget=forms.HiddenInput)
    # Which conversation the form was shown in: another lookup in a second tab must not
    # send this text to another report.
    case = forms.CharField(widget=forms.HiddenInput, max_length=20)

    def __init__(self, *args, receipt_code_hash="", reference="", **kwargs):
        super().__init__(*args, **kwargs)
        self.receipt_code_hash = receipt_code_hash
        self.reference = reference
        self.fields["message"].widget.attrs.pop("maxlength", None)
        if not self.is_bound:
            self.fields["message_key"].initial = uuid.uuid4()
            self.fields["case"].initial = reference
        self.helper = FormHelper()
        self.helper.form_class = "message-form"
        self.helper.layout = Layout(
            "message_key", "case", "message", Submit("", _("Send meldingen til enheten"))
        )

    def clean_message(self):
        text = self.cleaned_data["message"]
        if self.receipt_code_hash and contains_receipt_code(text, self.receipt_code_hash):
            raise ValidationError(
                _(
                    "Meldingen inneholder kvitteringskoden din. Fjern koden før du sender: den er nøkkelen til saken og skal bare være hos deg."
                ),
                code="receipt_code",
            )
        return text

    def clean(self):
        super().clean()
        case = (self.cleaned_data.get("case") or "").strip().upper()
        if "case" in self.cleaned_data and case != self.reference:
            raise ValidationError(
                _(
                    "Meldingen gjelder en annen sak enn den som er åpen nå, så den ble ikke sendt. Slå opp saken du vil skrive til, på nytt."
                ),
                code="other_case",
            )
        return self.cleaned_data


class IntakeForm(ReportForm):
    """A concern staff took by phone, letter or in a meeting, entered with the public form's
    rules. The sender gets the reference and receipt code from staff and can then use the
    status page like anyone else."""

    channel = forms.ChoiceField(
        label=_("Hvordan kom bekymringen inn?"),
        choices=[c for c in Report.Channel.choices if c[0] != Report.Channel.WEB],
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg hvordan bekymringen kom inn.")},
    )
    language = forms.ChoiceField(
        label=_("Hvilket språk skal statussiden og e-posten til avsenderen ha?"),
        choices=[("nb", _("Norsk bokmål")), ("en", _("Engelsk"))],
        initial="nb",
        widget=forms.RadioSelect,
    )

    SECTIONS = (
        (_("Hvordan bekymringen kom inn"), ("channel", "language")),
        (_("Hva gjelder det?"), ("kind",)),
        (
            _("Om den som meldte"),
            (
                "reporter_role",
                "reporter_name",
                "reporter_title",
                "reporter_workplace",
                "reporter_phone",
                "reporter_email",
                "notify_sender",
            ),
        ),
        (
            _("Hvem gjelder det?"),
            ("child_age", "child_name", "child_school", "guardians_informed"),
        ),
        (_("Hva handler det om?"), ("topic", "description")),
        (_("Hvem skal få meldingen?"), ("recipient",)),
    )

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Staff are not robots; the honeypot is the public form's.
        self.fields.pop("website")
        self.fields["reporter_role"].help_text = _(
            "Offentlig ansatte og fagpersoner som melder, må oppgi navn. Privatpersoner og unge kan være anonyme."
        )
        self.fields["notify_sender"].label = _("Avsenderen vil ha e-post når enheten skriver")
        if unit is not None and unit.slug in self.units:
            self.fields["recipient"].initial = unit.slug

    def sections(self):
        return [(heading, [self[name] for name in names]) for heading, names in self.SECTIONS]
