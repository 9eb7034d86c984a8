"""The coordinator makes the annual report here: takes the figures, writes, publishes.

A new report takes its figures when it is saved; a draft takes them again with «Hent
tallene på nytt», which saves the form too. Every refusal (a year with nothing to
report on, a year that already has its report, publishing without a foreword or without
figures, new figures for a published report) is a form error: nothing is saved.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from annual_reports.figures import Refused, figures_for
from annual_reports.models import AnnualReport
from annual_reports.report_data import report_shown

RETAKE = "_retake"
BOTH_AT_ONCE = _(
    "Tallene kan ikke hentes på nytt samtidig som årsrapporten publiseres. Hent tallene og se "
    "over dem først, og publiser etterpå."
)


class AnnualReportForm(forms.ModelForm):
    """Takes the figures while it validates, so that a refusal stops the save."""

    # Set by the admin for each request: whether «Hent tallene på nytt» was pressed.
    retake = False

    class Meta:
        model = AnnualReport
        fields = (
            "year",
            "foreword_nb",
            "foreword_en",
            "conclusions_nb",
            "conclusions_en",
            "published",
        )

    took_figures = False

    def clean_year(self):
        year = self.cleaned_data["year"]
        if AnnualReport.objects.filter(year=year).exists():
            raise ValidationError(
                _(
                    "Det finnes allerede en årsrapport for %(year)s. Åpne den i listen over "
                    "årsrapporter for å skrive videre i den."
                ),
                code="unique",
                params={"year": year},
            )
        return year

    def clean(self):
        super().clean()
        data = self.cleaned_data
        creating = self.instance.pk is None
        if not (creating or self.retake) or self.errors:
            return data
        if self.retake and data.get("published") and not self.instance.published:
            raise ValidationError(BOTH_AT_ONCE, code="retake_and_publish")
        report = self.instance
        if creating:
            report = AnnualReport(year=data["year"])
        try:
            figures = figures_for(report)
        except Refused as refusal:
            raise ValidationError(refusal.message, code="no_figures") from refusal
        # Kept on the form until the save: a refusal later in the validation must leave the
        # page showing the figures that are stored, not ones that were never saved.
        self.taken = (figures, timezone.now())
        self.took_figures = True
        return data


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    form = AnnualReportForm
    list_display = ("__str__", "published", "figures_taken_at", "foreword_written")
    list_filter = ("published",)
    search_fields = ("year",)

    def get_fieldsets(self, request, obj=None) -> Any:
        text = (
            _("Tekst"),
            {
                "description": _(
                    "Forordet og konklusjonene skriver du selv. Den engelske teksten kan stå "
                    "tom: da vises den norske på de engelske sidene."
                ),
                "fields": (("foreword_nb", "foreword_en"), ("conclusions_nb", "conclusions_en")),
            },
        )
        if obj is None:
            return (
                (
                    None,
                    {
                        "description": _(
                            "Tallene hentes fra handlingsplanen og den anonyme statistikken "
                            "over bekymringsmeldinger når du lagrer. Se over dem før du "
                            "publiserer."
                        ),
                        "fields": ("year",),
                    },
                ),
                text,
            )
        return (
            (None, {"fields": ("year", "public_address")}),
            text,
            (
                _("Tallene"),
                {
                    "description": _(
                        "Tallene er hentet fra handlingsplanen og den anonyme statistikken, "
                        "og står fast slik de ble hentet. Så lenge rapporten ikke er "
                        "publisert, kan du hente dem på nytt med knappen nederst."
                    ),
                    "fields": ("figures_taken_at", "figures_summary"),
                },
            ),
            (_("Publisering"), {"fields": ("published", "first_published_at")}),
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return (
            "year",
            "public_address",
            "figures_taken_at",
            "figures_summary",
            "first_published_at",
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # A class made for this request (modelform_factory), so the flag is its own.
        form.retake = request.method == "POST" and RETAKE in request.POST  # type: ignore[attr-defined]
        return form

    def has_delete_permission(self, request, obj=None):
        # Published is for good: what Politirådet and the public have read stays readable.
        if obj is not None and obj.first_published_at is not None:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("forord skrevet"), boolean=True)
    def foreword_written(self, obj):
        return bool(obj.foreword_nb.strip())

    @admin.display(description=_("nettadresse"))
    def public_address(self, obj):
        if not obj.published:
            return _("%(address)s (vises når rapporten er publisert)") % {
                "address": obj.get_absolute_url()
            }
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.get_absolute_url())

    @admin.display(description=_("tallene i rapporten"))
    def figures_summary(self, obj):
        return render_to_string(
            "admin/annual_reports/_figures_summary.html",
            {"report": obj, "shown": report_shown(obj)},
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # As stored: the form being shown may have «publisert» ticked but not yet saved.
        stored = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            "figures_frozen": bool(stored and stored.first_published_at),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if getattr(form, "took_figures", False):
            obj.figures, obj.figures_taken_at = form.taken
        super().save_model(request, obj, form, change)
        if getattr(form, "took_figures", False):
            self.message_user(
                request,
                _("Tallene for %(year)s er hentet. Se over dem før du publiserer.")
                % {"year": obj.year},
                messages.SUCCESS,
            )

    def response_change(self, request, obj):
        if RETAKE in request.POST:
            # Back to the report, to look at the new figures.
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)
