"""Case work on concern reports in the Django admin.

Every method that touches a report starts from Report.objects.visible_to(user):
the coordinator sees every report, unit staff only those currently routed to
their unit. After a forward the previous unit loses access: it no longer
handles the case, and the fewer people who can read a report, the better.
"""

import re
import uuid
from typing import cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.template.defaultfilters import linebreaks_filter
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from concerns.admin.intake import intake_urls, may_register
from concerns.dates import DATE_FORMAT, DATE_INPUT_FORMATS, case_date, case_datetime
from concerns.encryption import encrypted_fields
from concerns.forms import CleanCharField
from concerns.models import Report, ReportEvent
from concerns.models.deadlines import DUE_SOON_DAYS, Deadline
from concerns.models.reports import ReportQuerySet
from concerns.people import display_name
from concerns.report_export import report_download
from concerns.report_pdf import archive_pdf_urls
from concerns.roles import is_coordinator
from concerns.services import (
    MESSAGE_MAX,
    REPORT_FIELDS,
    report_change_deadline,
    report_record_refusal,
    report_record_view,
    report_update_case,
)
from concerns.statistics import statistics_urls
from concerns.text import show_invisible
from levels.models import Unit

# Free text is shown through `<field>_shown`, which makes kept invisible characters visible.
TEXT_FIELDS = frozenset(encrypted_fields(Report))
# What the sender submitted, shown read-only; the recipient is shown with the case work.
# Staff see how it came in and which language the sender wrote in.
SUBMITTED_FIELDS = (
    "reference",
    "received_at",
    "channel",
    "language",
    *(
        f"{field}_shown" if field in TEXT_FIELDS else field
        for field in REPORT_FIELDS
        if field != "recipient"
    ),
)


# A reference as report_submit makes it: SLT-<year>-<number, at least four digits>.
WHOLE_REFERENCE = re.compile(r"SLT-\d{4}-\d{4,}")

# Symbols that go with a text, never instead of one: hidden from screen readers, which read
# the text beside them. Inline SVG, drawn in the text's colour; no image request, no style.
ICON_OVERDUE = mark_safe(
    '<svg class="case-icon" aria-hidden="true" focusable="false" viewBox="0 0 16 16" '
    'width="16" height="16"><path fill="currentColor" d="M8 1 15.5 14.5H.5L8 1Zm-.9 5v4.2h1.8'
    'V6H7.1Zm0 5.4v1.8h1.8v-1.8H7.1Z"/></svg>'
)
ICON_MESSAGE = mark_safe(
    '<svg class="case-icon" aria-hidden="true" focusable="false" viewBox="0 0 16 16" '
    'width="16" height="16"><path fill="currentColor" d="M1 3h14v10H1V3Zm1.6 1.5L8 8.6l5.4-4.1'
    'H2.6Zm11 1.6L8 10.4 2.4 6.1v5.4h11.2V6.1Z"/></svg>'
)
ICON_DONE = mark_safe(
    '<svg class="case-icon" aria-hidden="true" focusable="false" viewBox="0 0 16 16" '
    'width="16" height="16"><path fill="currentColor" d="m6.2 11.2-3.4-3.4-1.3 1.3 4.7 4.7 '
    '8.3-8.3-1.3-1.3-7 7Z"/></svg>'
)
# The list's word for which deadline is next, under its date.
DEADLINE_SHORT = {Deadline.REVIEW: _("gjennomgang"), Deadline.FEEDBACK: _("svar til avsender")}


def deadline_shown(report: Report):
    """The report's next pending deadline: its date, which one, and if it has passed, an
    icon and the words "over fristen", so that it is never told by colour alone."""
    upcoming = report.next_deadline
    if upcoming is None:
        return "–"
    deadline, day = upcoming
    today = timezone.localdate()
    if day < today:
        return format_html(
            '<strong class="deadline deadline--overdue">{}{} {}</strong>'
            '<br><span class="deadline__kind">{}</span>',
            ICON_OVERDUE,
            case_date(day),
            _("over fristen"),
            DEADLINE_SHORT[deadline],
        )
    if day == today:
        return format_html(
            '<strong class="deadline">{} {}</strong><br><span class="deadline__kind">{}</span>',
            case_date(day),
            _("i dag"),
            DEADLINE_SHORT[deadline],
        )
    return format_html(
        '{}<br><span class="deadline__kind">{}</span>', case_date(day), DEADLINE_SHORT[deadline]
    )


def _shown(name):
    @admin.display(description=cast(models.Field, Report._meta.get_field(name)).verbose_name)
    def shown(model_admin, obj):
        return show_invisible(getattr(obj, name))

    return shown


# The desk's counts link to the list through these filters: each count and its list are
# the same queryset method (concerns/models/reports.py), so they cannot disagree.


class OverdueFilter(admin.SimpleListFilter):
    title = _("frist")
    parameter_name = "frist"
    OVERDUE, SOON = "overdue", "soon"

    def lookups(self, request, model_admin):
        return [
            (self.OVERDUE, _("Over fristen")),
            (self.SOON, _("Frist innen %(days)s dager") % {"days": DUE_SOON_DAYS}),
        ]

    def queryset(self, request, queryset):
        if self.value() == self.OVERDUE:
            return queryset.overdue()
        if self.value() == self.SOON:
            return queryset.due_soon()
        return queryset


class WaitingFilter(admin.SimpleListFilter):
    title = _("venter på avsender")
    parameter_name = "venter"
    SENDER = "sender"

    def lookups(self, request, model_admin):
        return [(self.SENDER, _("Spurt avsender, ikke fått svar"))]

    def queryset(self, request, queryset):
        if self.value() == self.SENDER:
            return queryset.waiting_for_sender()
        return queryset


class FailedNotificationFilter(admin.SimpleListFilter):
    title = _("varsel")
    parameter_name = "varsel"
    FAILED = "failed"

    def lookups(self, request, model_admin):
        return [(self.FAILED, _("Varsel som ikke ble sendt"))]

    def queryset(self, request, queryset):
        if self.value() == self.FAILED:
            return queryset.with_failed_notification()
        return queryset


class RecipientFilter(admin.RelatedFieldListFilter):
    """The units that receive reports, read from the units, never a DISTINCT over the
    reports (as RelatedOnlyFieldListFilter does); a unit chosen in a link is kept."""

    def field_choices(self, field, request, model_admin):
        chosen = [value for value in self.lookup_val or [] if value.isdigit()]
        units = Unit.objects.filter(Q(reporting__receives_reports=True) | Q(pk__in=chosen))
        return [(unit.pk, str(unit)) for unit in units.order_by("position", "pk")]


# What the list never shows: the report's encrypted fields (left undecrypted), and the long
# texts of the unit and priority area it joins for their names.
LIST_DEFERRED = (
    *TEXT_FIELDS,
    "recipient__when_to_contact_nb",
    "recipient__when_to_contact_en",
    "priority_area__summary_nb",
    "priority_area__summary_en",
    "priority_area__description_nb",
    "priority_area__description_en",
)


class ReportChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer(*LIST_DEFERRED)


class ReportCaseForm(forms.ModelForm):
    # Not a field of the report: each message is an event on its timeline, shown to the
    # sender on the status page, and cannot be changed once sent.
    message_to_sender = CleanCharField(
        label=_("Ny melding til avsender"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "data-counter": MESSAGE_MAX}),
        error_messages={
            "max_length": _(
                "Meldingen kan være høyst %(limit_value)d tegn. Nå er den %(show_value)d tegn."
            ),
        },
    )
    # A second post of the same form (a double click) stores the message once.
    message_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Nytt internt notat"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Notatet legges i tidslinjen og kan ikke endres etterpå."),
    )
    forward_to = forms.ModelChoiceField(
        label=_("Videresend til"),
        queryset=Unit.objects.published().filter(reporting__receives_reports=True),
        required=False,
        help_text=_("Bare SLT-koordinatoren kan videresende. Den nye enheten får varsel."),
    )
    # A deadline is moved through report_change_deadline, never saved as a field of the form.
    new_due_date = forms.DateField(
        label=_("Frist for gjennomgang"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format=DATE_FORMAT, attrs={"size": 10, "inputmode": "numeric"}),
        help_text=_("Skriv datoen som dd.mm.åååå."),
    )
    new_feedback_due_date = forms.DateField(
        label=_("Frist for svar til avsender"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format=DATE_FORMAT, attrs={"size": 10, "inputmode": "numeric"}),
        help_text=_("Skriv datoen som dd.mm.åååå."),
    )
    deadline_reason = forms.CharField(
        label=_("Hvorfor fristen endres"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Må fylles ut når en frist endres. Står i tidslinjen, og vises ikke for avsenderen."
        ),
    )

    DEADLINE_FIELDS = {
        "new_due_date": ("due_date", Deadline.REVIEW),
        "new_feedback_due_date": ("feedback_due_date", Deadline.FEEDBACK),
    }

    class Meta:
        model = Report
        fields = ("status", "outcome", "assignee")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        message = self.fields["message_to_sender"]
        message.widget.attrs.pop("maxlength", None)
        if not self.is_bound:
            self.fields["message_key"].initial = uuid.uuid4()
        for name, (field, _deadline) in self.DEADLINE_FIELDS.items():
            self.fields[name].initial = getattr(self.instance, field)
        if self.instance.notify_sender:
            told = _("Avsenderen får en e-post uten innhold om at det har kommet en ny melding.")
        else:
            told = _("Avsenderen får ikke e-post, og må selv slå opp saken på statussiden.")
        message.help_text = format_html(
            "{} {} {}",
            _("Vises for avsenderen på statussiden, med dato. Kan ikke endres etterpå."),
            told,
            _("Skriv ingen personopplysninger som avsenderen ikke allerede kjenner."),
        )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("status") == Report.Status.CLOSED and not data.get("outcome"):
            self.add_error("outcome", _("Velg et utfall før saken avsluttes."))
        if data.get("message_to_sender") and self.instance.erased_at:
            self.add_error(
                "message_to_sender",
                _("Personopplysningene i saken er slettet, så avsenderen kan ikke lese meldinger."),
            )
        forward_to = data.get("forward_to")
        if forward_to and self.instance.recipient_id == forward_to.pk:
            self.add_error("forward_to", _("Meldingen ligger allerede hos denne enheten."))
        received = timezone.localtime(self.instance.created_at).date()
        for name in self.deadline_changes():
            if data[name] < received:
                self.add_error(
                    name,
                    _("Fristen kan ikke være før meldingen kom (%(date)s).")
                    % {"date": case_date(received)},
                )
        if self.deadline_changes() and not data.get("deadline_reason", "").strip():
            self.add_error("deadline_reason", _("Skriv hvorfor fristen endres."))
        return data

    def deadline_changes(self) -> dict[str, tuple[str, Deadline]]:
        """The deadline fields given a new date; an emptied field changes nothing."""
        data = getattr(self, "cleaned_data", {})
        return {
            name: (field, deadline)
            for name, (field, deadline) in self.DEADLINE_FIELDS.items()
            if data.get(name) and data[name] != getattr(self.instance, field)
        }


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    form = ReportCaseForm
    # Seven narrow columns that fit 1280 px beside the filters (static/css/admin.css).
    list_display = (
        "reference",
        "received",
        "recipient",
        "topic_label",
        "status_shown",
        "due",
        "assignee_name",
    )
    list_filter = (
        "status",
        OverdueFilter,
        WaitingFilter,
        "new_from_sender",
        "category",
        "kind",
        "channel",
    )
    # Only the coordinator sees every unit's reports, and the outbox.
    coordinator_filters = (FailedNotificationFilter, ("recipient", RecipientFilter))
    # The reference is searched exactly or by its beginning (get_search_results).
    search_fields = ("reference",)
    search_help_text = _("Søk på referanse, for eksempel SLT-2026-0042, eller begynnelsen av den.")
    list_select_related = ("recipient", "priority_area", "topic", "assignee")
    list_per_page = 50
    # One COUNT per page, of the filtered list; not a second of the whole table.
    show_full_result_count = False
    date_hierarchy = None
    readonly_fields = (
        *SUBMITTED_FIELDS,
        "recipient",
        "deadlines",
        "conversation",
        "timeline",
    )
    actions = None

    def get_fieldsets(self, request, obj=None):
        case = ["status", "outcome", "assignee", "note"]
        if is_coordinator(request.user):
            case.append("forward_to")
        return (
            (_("Saksbehandling"), {"fields": ("recipient", *case)}),
            (
                _("Frister"),
                {
                    "fields": (
                        "deadlines",
                        "new_due_date",
                        "new_feedback_due_date",
                        "deadline_reason",
                    ),
                    "description": _(
                        "Fristene regnes fra dagen enheten fikk meldingen. Innboksen får en "
                        "påminnelse før en frist og på dagen den går ut. Endrer du en frist, "
                        "må du skrive hvorfor."
                    ),
                },
            ),
            (
                _("Samtale med avsender"),
                {
                    "fields": ("conversation", "message_to_sender", "message_key"),
                    "description": _(
                        "Meldinger til og fra avsenderen, som avsenderen ser på statussiden. "
                        "Interne notater står i saksbehandlingen over og vises aldri for avsenderen."
                    ),
                },
            ),
            (_("Innsendt melding (kan ikke endres)"), {"fields": SUBMITTED_FIELDS}),
            (_("Tidslinje"), {"fields": ("timeline",)}),
        )

    def get_queryset(self, request):
        return cast(ReportQuerySet, super().get_queryset(request)).visible_to(request.user)

    def get_list_filter(self, request):
        if is_coordinator(request.user):
            return (*self.list_filter[:4], *self.coordinator_filters, *self.list_filter[4:])
        return self.list_filter

    def get_changelist(self, request, **kwargs):
        return ReportChangeList

    def get_search_results(self, request, queryset, search_term):
        """A whole reference exactly (`reference = …`, the unique index), or else its
        beginning (`reference LIKE '…%'`); never `LIKE '%…%'`. Case and the "SLT-" may be
        left out: "slt-2026-0042" and "2026-0042" find SLT-2026-0042, "2026-" a year."""
        term = search_term.strip().upper()
        if not term:
            return queryset, False
        if not term.startswith("SLT-") and term[:1].isdigit():
            term = f"SLT-{term}"
        if WHOLE_REFERENCE.fullmatch(term):
            return queryset.filter(reference=term), False
        return queryset.filter(reference__startswith=term), False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not is_coordinator(request.user):
            # A declared field stays on the form even when the fieldsets leave it out.
            form.base_fields.pop("forward_to", None)
        if obj is not None:
            # Someone in the receiving unit, or a coordinator.
            assignees = cast(forms.ModelChoiceField, form.base_fields["assignee"])
            assignees.queryset = User.objects.filter(
                Q(staff__unit=obj.recipient) | Q(staff__is_coordinator=True), is_active=True
            ).distinct()
            assignees.label_from_instance = display_name  # type: ignore[method-assign,assignment]
        return form

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or obj.is_visible_to(request.user))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.is_visible_to(request.user))

    def _visible_or_404(self, request, object_id):
        try:
            report = self.get_queryset(request).filter(pk=object_id).first()
        except (ValueError, ValidationError):
            report = None
        if report is None:
            if request.user.is_authenticated:
                report_record_refusal(object_id=object_id, actor=request.user)
            # The same answer whether the report exists elsewhere or not at all.
            raise Http404
        return report

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self._visible_or_404(request, object_id)
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200:
            # A page that shows the report's content (a GET, or a POST with errors) is a read.
            report_record_view(report=report, actor=request.user)
        return response

    def history_view(self, request, object_id, extra_context=None):
        self._visible_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        forward_to = data.get("forward_to") if is_coordinator(request.user) else None
        # Before the case work: a forward then gives the new unit its own deadlines.
        for name, (_field, deadline) in form.deadline_changes().items():
            report_change_deadline(
                report=obj,
                actor=request.user,
                due_date=data[name],
                reason=data["deadline_reason"],
                deadline=deadline,
            )
        report_update_case(
            report=obj,
            actor=request.user,
            status=data["status"],
            outcome=data["outcome"],
            assignee=data["assignee"],
            message=data.get("message_to_sender", ""),
            message_key=data.get("message_key"),
            note=data.get("note", ""),
            forward_to=forward_to,
        )
        if data.get("message_to_sender"):
            messages.info(request, _("Meldingen til avsenderen er sendt."))
        if forward_to:
            messages.info(request, _("Meldingen er videresendt og den nye enheten er varslet."))

    @admin.display(description=_("tema"), ordering="topic__position")
    def topic_label(self, obj):
        if obj.topic_id:
            return obj.topic.label
        if obj.priority_area_id:
            return obj.priority_area.title
        return obj.get_category_display()

    @admin.display(description=_("mottatt"), ordering="created_at")
    def received(self, obj):
        return case_date(obj.created_at)

    @admin.display(description=_("mottatt"))
    def received_at(self, obj):
        return case_datetime(obj.created_at)

    @admin.display(description=_("status"), ordering="status")
    def status_shown(self, obj):
        if obj.new_from_sender:
            # Text and a symbol, not a colour: the sender has written since staff last looked.
            return format_html(
                '{}<br><strong class="case-flag">{}{}</strong>',
                obj.get_status_display(),
                ICON_MESSAGE,
                _("Ny melding fra avsender"),
            )
        return obj.get_status_display()

    @admin.display(description=_("saksbehandler"), ordering="assignee__first_name")
    def assignee_name(self, obj):
        return display_name(obj.assignee) or None

    @admin.display(description=_("frist"), ordering="due_date")
    def due(self, obj):
        return deadline_shown(obj)

    @admin.display(description=_("frister"))
    def deadlines(self, obj):
        """Both deadlines, each with whether it is met, pending or overdue."""
        pending = dict(obj.pending_deadlines())
        today = timezone.localdate()
        rows = []
        state: object
        for deadline, day in (
            (Deadline.REVIEW, obj.due_date),
            (Deadline.FEEDBACK, obj.feedback_due_date),
        ):
            if day is None:
                state = _("ingen frist")
            elif deadline not in pending:
                state = format_html("{}{}", ICON_DONE, _("nådd"))
            elif day < today:
                state = format_html(
                    '<strong class="deadline deadline--overdue">{}{}</strong>',
                    ICON_OVERDUE,
                    _("over fristen"),
                )
            elif day == today:
                state = format_html('<strong class="deadline">{}</strong>', _("går ut i dag"))
            else:
                state = _("ikke nådd ennå")
            rows.append(
                (
                    str(deadline.label).capitalize(),
                    day.isoformat() if day else "",
                    case_date(day),
                    state,
                )
            )
        items = format_html_join("", '<li>{}: <time datetime="{}">{}</time> – {}</li>', rows)
        return format_html('<ul class="deadline-list">{}</ul>', items)

    @staticmethod
    def _events(obj):
        """The report's timeline, read once for both the conversation and the timeline."""
        if not hasattr(obj, "_timeline"):
            obj._timeline = list(obj.events.select_related("actor"))
        return obj._timeline

    @admin.display(description=_("samtalen"))
    def conversation(self, obj):
        shown = [event for event in self._events(obj) if event.is_message and event.detail]
        rows = format_html_join(
            "",
            '<li class="conversation__message conversation__message--{}">'
            "<p><strong>{}</strong> <time>{}</time></p>{}</li>",
            (
                (
                    "sender" if event.kind == ReportEvent.Kind.SENDER_MESSAGE else "unit",
                    _("Fra avsender")
                    if event.kind == ReportEvent.Kind.SENDER_MESSAGE
                    else format_html(
                        "{} ({})", _("Til avsender"), display_name(event.actor) or _("systemet")
                    ),
                    case_datetime(event.at),
                    linebreaks_filter(show_invisible(event.detail), autoescape=True),
                )
                for event in shown
            ),
        )
        flag = (
            format_html(
                '<p class="new-from-sender"><strong>{}</strong></p>', _("Ny melding fra avsender")
            )
            if obj.new_from_sender
            else ""
        )
        if not shown:
            return format_html("{}<p>{}</p>", flag, _("Ingen meldinger ennå."))
        return format_html('{}<ol class="conversation">{}</ol>', flag, rows)

    @admin.display(description=_("tidslinje"))
    def timeline(self, obj):
        events = self._events(obj)
        rows = format_html_join(
            "",
            "<li><time>{}</time> {} – {}{}</li>",
            (
                (
                    case_datetime(event.at),
                    event.get_kind_display(),
                    display_name(event.actor) or _("systemet"),
                    format_html(": {}", show_invisible(event.detail)) if event.detail else "",
                )
                for event in events
            ),
        )
        return format_html("<ol class='timeline'>{}</ol>", rows)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            # The list needs the width at 1280 px; the breadcrumbs and the desk lead on.
            "is_nav_sidebar_enabled": False,
            **(extra_context or {}),
            "show_statistics": is_coordinator(request.user),
            "may_register": may_register(request),
        }
        return super().changelist_view(request, extra_context)

    def export_view(self, request, object_id):
        report = self._visible_or_404(request, object_id)
        if not self.has_view_permission(request, report):
            raise Http404
        report_record_view(report=report, actor=request.user, kind=ReportEvent.Kind.EXPORTED)
        return report_download(report)

    def get_urls(self):
        export = path(
            "<path:object_id>/export/",
            self.admin_site.admin_view(self.export_view),
            name="concerns_report_export",
        )
        return [
            *statistics_urls(self),
            *intake_urls(self),
            export,
            *archive_pdf_urls(self),
            *super().get_urls(),
        ]


for _name in TEXT_FIELDS:
    setattr(ReportAdmin, f"{_name}_shown", _shown(_name))
