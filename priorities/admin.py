"""The coordinator edits the priority areas, the action plan and the meetings here.

Unit staff see the measures too, through the confidential side's extension of the
measure admin (concerns/admin/measures.py), which knows whose unit is whose.
"""

from typing import Any, ClassVar, cast

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ContentAdmin
from priorities.models import (
    AgendaItem,
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureStatus,
    Meeting,
    Plan,
    PriorityArea,
    Status,
)
from priorities.models.meetings import NO_INDIVIDUAL_CASES
from priorities.models.plan import MeasureQuerySet


@admin.register(PriorityArea)
class PriorityAreaAdmin(ContentAdmin):
    slug_source = "title_nb"
    list_display = ("title_nb", "set_by", "since_year", "position", "published")
    search_fields = ("title_nb", "title_en")
    readonly_fields = ("in_plans",)

    @admin.display(description=_("mål i handlingsplanene"))
    def in_plans(self, obj):
        # Goals and measures are edited in the plan; the area only shows where they are.
        if obj is None or obj.pk is None:
            return "–"
        goals = obj.goals.select_related("plan").order_by("-plan__start_year", "position")
        return format_html_join(
            "",
            '<p><a href="{}">{}: {}</a></p>',
            (
                (
                    reverse("admin:priorities_goal_change", args=[goal.pk]),
                    goal.plan.title_nb,
                    goal.text_nb,
                )
                for goal in goals
            ),
        ) or _("Ingen ennå. Mål og tiltak legges inn under handlingsplanen.")


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 1
    fields = ("area", "text_nb", "text_en", "position", "published")
    show_change_link = True
    verbose_name = _("mål")
    verbose_name_plural = _("mål (tiltak og indikatorer legges inn på hvert mål)")


@admin.register(Plan)
class PlanAdmin(ContentAdmin):
    list_display = ("title_nb", "start_year", "end_year", "under_review", "published")
    list_editable = ("under_review", "published")
    list_filter: ClassVar[Any] = ("published", "under_review")
    fields = (
        ("title_nb", "title_en"),
        "slug",
        ("start_year", "end_year"),
        ("introduction_nb", "introduction_en"),
        ("under_review", "published"),
    )
    inlines = [GoalInline]

    def get_prepopulated_fields(self, request, obj=None):
        # A plan's address is its period: 2026-2029.
        return {"slug": ("start_year", "end_year")} if obj is None else {}


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 1
    fields = ("title_nb", "title_en", "position", "published")
    show_change_link = True
    verbose_name_plural = _("tiltak (ansvar, periode og status legges inn på hvert tiltak)")


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ("name_nb", "name_en", "unit_nb", "target", "direction", "position", "published")
    show_change_link = True
    verbose_name_plural = _("indikatorer (målingene legges inn på hver indikator)")


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ("text_nb", "area", "plan", "position", "published")
    list_filter = ("plan", "area", "published")
    list_select_related = ("area", "plan")
    search_fields = ("text_nb", "text_en", "area__title_nb")
    fields = (
        ("plan", "area"),
        ("text_nb", "text_en"),
        ("description_nb", "description_en"),
        ("position", "published"),
    )
    inlines = [MeasureInline, IndicatorInline]


class LateFilter(admin.SimpleListFilter):
    title = _("forsinket")
    parameter_name = "forsinket"

    def lookups(self, request, model_admin):
        return [("ja", _("Forsinket")), ("nei", _("Ikke forsinket"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.late()
        if self.value() == "nei":
            return queryset.not_late()
        return queryset


class StatusFilter(admin.SimpleListFilter):
    title = _("status nå")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        if self.value() in Status.values:
            return queryset.with_status().filter(current_status=self.value())
        return queryset


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        # The same wording recurs across plans: name the plan and the area too.
        return f"{obj.plan.title_nb} · {obj.area.title_nb}: {obj.text_nb}"


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        if obj.published:
            return obj.name_nb
        return _("%(unit)s (ikke publisert)") % {"unit": obj.name_nb}


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = (
            "goal",
            "title_nb",
            "title_en",
            "description_nb",
            "description_en",
            "responsible_units",
            "decided_at",
            "start_year",
            "start_month",
            "end_year",
            "end_month",
            "position",
            "published",
        )
        field_classes = {"goal": GoalChoiceField, "responsible_units": UnitChoiceField}
        error_messages = {
            "goal": {"required": _("Velg målet i handlingsplanen som tiltaket hører til.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        goal = self.fields.get("goal")
        if isinstance(goal, forms.ModelChoiceField):
            goal.required = True
            goal.queryset = Goal.objects.select_related("plan", "area").order_by(
                "-plan__start_year", "area__position", "position"
            )

    def clean_responsible_units(self):
        units = self.cleaned_data["responsible_units"]
        hidden = [unit.name_nb for unit in units if not unit.published]
        if hidden:
            raise ValidationError(
                ngettext(
                    "Enheten %(units)s er ikke publisert. Et tiltak kan bare gis til en "
                    "publisert enhet: publiser enheten først, eller velg en annen.",
                    "Enhetene %(units)s er ikke publisert. Et tiltak kan bare gis til "
                    "publiserte enheter: publiser enhetene først, eller velg andre.",
                    len(hidden),
                ),
                code="unpublished_unit",
                params={"units": ", ".join(f"«{name}»" for name in hidden)},
            )
        return units


class MeasureStatusInline(admin.TabularInline):
    model = MeasureStatus
    extra = 1
    fields: ClassVar[Any] = ("date", "status", "comment_nb", "comment_en", "recorded_by")
    readonly_fields = ("recorded_by",)
    verbose_name = _("statusendring")
    verbose_name_plural = _("statuslogg (den nyeste endringen er tiltakets status)")


MEASURE_FIELDSETS: Any = (
    (
        None,
        {
            "fields": (
                "goal",
                ("title_nb", "title_en"),
                ("description_nb", "description_en"),
                "responsible_units",
                "decided_at",
            )
        },
    ),
    (
        _("Periode"),
        {
            "description": _(
                "År, og måned hvis den er kjent. Uten slutt vises tiltaket som løpende."
            ),
            "fields": (("start_year", "start_month"), ("end_year", "end_month")),
        },
    ),
    (_("Visning"), {"fields": (("position", "published"),)}),
)


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    form = MeasureForm
    fieldsets = MEASURE_FIELDSETS
    filter_horizontal = ("responsible_units",)
    inlines = [MeasureStatusInline]
    list_display = ("title_nb", "area", "plan", "units", "status_now", "period_shown", "late")
    list_filter: ClassVar[Any] = (
        LateFilter,
        StatusFilter,
        ("goal__plan", admin.RelatedOnlyFieldListFilter),
        "area",
        ("responsible_units", admin.RelatedOnlyFieldListFilter),
        "published",
    )
    search_fields = ("title_nb", "title_en")

    def get_queryset(self, request):
        return (
            cast(MeasureQuerySet, super().get_queryset(request))
            .with_status()
            .select_related("area", "goal__plan")
            .prefetch_related("responsible_units")
        )

    @admin.display(description=_("handlingsplan"), ordering="goal__plan__start_year")
    def plan(self, obj):
        return obj.goal.plan.title_nb if obj.goal_id else "–"

    @admin.display(description=_("ansvarlige enheter"))
    def units(self, obj):
        return ", ".join(unit.name_nb for unit in obj.responsible_units.all()) or "–"

    @admin.display(description=_("status"), ordering="current_status")
    def status_now(self, obj):
        return obj.status_label

    @admin.display(description=_("periode"))
    def period_shown(self, obj):
        return obj.period or _("løpende")

    @admin.display(description=_("forsinket"), boolean=True)
    def late(self, obj):
        return obj.is_late()

    def save_formset(self, request, form, formset, change):
        if formset.model is not MeasureStatus:
            return super().save_formset(request, form, formset, change)
        for entry in formset.save(commit=False):
            if entry.pk is None:
                entry.recorded_by = request.user
            entry.save()
        for entry in formset.deleted_objects:
            entry.delete()
        return None


class IndicatorValueForm(forms.ModelForm):
    class Meta:
        model = IndicatorValue
        fields = ("year", "value", "source", "source_note_nb", "source_note_en")
        error_messages = {
            "year": {
                "required": _(
                    "Oppgi året verdien gjelder. En verdi uten år kan ikke vises i "
                    "utviklingen over tid."
                )
            },
            "value": {"required": _("Oppgi verdien.")},
            "source": {"required": _("Oppgi hvor verdien kommer fra.")},
        }


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    form = IndicatorValueForm
    extra = 1
    verbose_name = _("måling")
    verbose_name_plural = _("målinger (én per år)")


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("name_nb", "goal", "target", "direction", "position", "published")
    list_filter = ("goal__plan", "published")
    list_select_related = ("goal",)
    fields = (
        "goal",
        ("name_nb", "name_en"),
        ("unit_nb", "unit_en"),
        ("target", "direction"),
        ("description_nb", "description_en"),
        ("position", "published"),
    )
    autocomplete_fields = ("goal",)
    inlines = [IndicatorValueInline]


class AgendaItemFormSet(BaseInlineFormSet):
    """Refuses the same number twice in one agenda; the model checks the other meetings."""

    def clean(self):
        super().clean()
        seen: set[int] = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or (self.can_delete and data.get("DELETE")):
                continue
            number = data.get("number")
            if number in seen:
                form.add_error(
                    "number",
                    _("Sak %(number)s står to ganger i sakslisten. Velg et annet saksnummer.")
                    % {"number": number},
                )
            elif number:
                seen.add(number)


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    formset = AgendaItemFormSet
    extra = 1
    fields = (
        "number",
        ("title_nb", "title_en"),
        ("description_nb", "description_en"),
        ("decision_nb", "decision_en"),
        "areas",
        "measures",
    )
    autocomplete_fields = ("areas", "measures")
    verbose_name = _("sak")
    verbose_name_plural = _("saksliste")


class MinutesFilter(admin.SimpleListFilter):
    title = _("hovedpunkter")
    parameter_name = "hovedpunkter"

    def lookups(self, request, model_admin):
        return [("godkjent", _("Godkjent")), ("ikke", _("Ikke godkjent"))]

    def queryset(self, request, queryset):
        if self.value() == "godkjent":
            return queryset.filter(approved_on__isnull=False)
        if self.value() == "ikke":
            return queryset.filter(approved_on__isnull=True)
        return queryset


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "body", "starts_at", "place_nb", "minutes_approved", "published")
    list_filter = ("body", MinutesFilter, "published")
    list_select_related = ("body",)
    date_hierarchy = "starts_at"
    fieldsets = (
        (
            None,
            {"fields": ("body", ("starts_at", "ends_at"), ("place_nb", "place_en"), "published")},
        ),
        (
            _("Hovedpunkter fra møtet"),
            {
                # Where the minutes are written: the body handles no individual case.
                "description": NO_INDIVIDUAL_CASES,
                "fields": (("minutes_nb", "minutes_en"), "approved_on"),
            },
        ),
    )
    inlines = [AgendaItemInline]

    @admin.display(description=_("hovedpunkter godkjent"), boolean=True)
    def minutes_approved(self, obj):
        return obj.minutes_public


__all__ = [
    "GoalAdmin",
    "IndicatorAdmin",
    "MeasureAdmin",
    "MeasureStatusInline",
    "MeetingAdmin",
    "PlanAdmin",
    "PriorityAreaAdmin",
]
