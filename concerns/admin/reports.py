"""Case work on concern reports in the Django admin.

Every method that touches a report starts from Report.objects.visible_to(user):
the coordinator sees every report, unit staff only those currently routed to
their unit. After a forward the previous unit loses access: it no longer
handles the case, and the fewer people who can read a report, the better.
"""

import uuid
from typing import cast

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.translation import gettext_lazy as _

from concerns.admin.intake import intake_urls, may_register
from concerns.encryption import encrypted_fields
from concerns.forms import CleanCharField
from concerns.models import Report, ReportEvent
from concerns.models.reports import ReportQuerySet
from concerns.report_export import report_download
from concerns.roles import is_coordinator
from concerns.services import (
    MESSAGE_MAX,
    REPORT_FIELDS,
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
    "created_at",
    "channel",
    "language",
    *(
        f"{field}_shown" if field in TEXT_FIELDS else field
        for field in REPORT_FIELDS
        if field != "recipient"
    ),
)


def _shown(name):
    @admin.display(description=Report._meta.get_field(name).verbose_name)
    def shown(model_admin, obj):
        return show_invisible(getattr(obj, name))

    return shown


class OverdueFilter(admin.SimpleListFilter):
    title = _("frist")
    parameter_name = "frist"

    def lookups(self, request, model_admin):
        return [("overdue", _("Over fristen"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.overdue()
        return queryset


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

    class Meta:
        model = Report
        fields = ("status", "outcome", "assignee")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        message = self.fields["message_to_sender"]
        message.widget.attrs.pop("maxlength", None)
        if not self.is_bound:
            self.fields["message_key"].initial = uuid.uuid4()
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
        return data


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    form = ReportCaseForm
    list_display = (
        "reference",
        "created_at",
        "recipient",
        "topic_label",
        "status",
        "due",
        "sender_wrote",
        "assignee",
    )
    list_filter = (
        "status",
        "new_from_sender",
        OverdueFilter,
        "category",
        "kind",
        "channel",
        ("recipient", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("reference",)
    list_select_related = ("recipient", "priority_area", "topic", "assignee")
    list_per_page = 50
    date_hierarchy = None
    readonly_fields = (*SUBMITTED_FIELDS, "recipient", "due_date", "conversation", "timeline")
    actions = None

    def get_fieldsets(self, request, obj=None):
        case = ["status", "outcome", "assignee", "note"]
        if is_coordinator(request.user):
            case.append("forward_to")
        return (
            (_("Saksbehandling"), {"fields": ("recipient", "due_date", *case)}),
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
            return self.list_filter
        return self.list_filter[:-1]

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

    @admin.display(description=_("ny melding fra avsender"), ordering="-new_from_sender")
    def sender_wrote(self, obj):
        if obj.new_from_sender:
            return format_html("<strong>{}</strong>", _("Ny melding fra avsender"))
        return ""

    @admin.display(description=_("frist"), ordering="due_date")
    def due(self, obj):
        if obj.is_overdue:
            return format_html(
                '<strong class="overdue">{} ({})</strong>', obj.due_date, _("over fristen")
            )
        return obj.due_date

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
                    else format_html("{} ({})", _("Til avsender"), event.actor or _("systemet")),
                    timezone.localtime(event.at).strftime("%d.%m.%Y %H:%M"),
                    linebreaks(show_invisible(event.detail), autoescape=True),
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
                    timezone.localtime(event.at).strftime("%d.%m.%Y %H:%M"),
                    event.get_kind_display(),
                    event.actor or _("systemet"),
                    format_html(": {}", show_invisible(event.detail)) if event.detail else "",
                )
                for event in events
            ),
        )
        return format_html("<ol class='timeline'>{}</ol>", rows)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
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
        return [*statistics_urls(self), *intake_urls(self), export, *super().get_urls()]


for _name in TEXT_FIELDS:
    setattr(ReportAdmin, f"{_name}_shown", _shown(_name))
