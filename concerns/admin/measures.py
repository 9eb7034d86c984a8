"""Unit staff update the status of their own unit's measures.

The measures are public content owned by `priorities`, which knows nothing of staff
membership; the confidential side knows whose unit is whose, so it extends the
measure admin here, as it extends the unit admin in recipients.py. The coordinator
(and a superuser) gets the measure admin unchanged. A unit's staff member sees only
the measures their unit is responsible for, and on each may add a status-log entry:
a status and a short comment. Everything else is read-only to them.
"""

from typing import Any, ClassVar

from django.contrib import admin

from concerns.models import StaffMember
from concerns.roles import is_coordinator
from priorities.admin import MeasureAdmin, MeasureStatusInline
from priorities.models import Measure


class UnitStatusInline(MeasureStatusInline):
    """New entries only: a status and a comment, dated today. The log is never rewritten."""

    extra = 1
    # Existing entries are shown read-only (no change permission); only the new row's
    # status and comment can be filled in, and its date is today.
    fields: ClassVar[Any] = ("date", "status", "comment_nb", "comment_en")
    readonly_fields = ("date",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MeasureForUnitsAdmin(MeasureAdmin):
    @staticmethod
    def sees_all(request) -> bool:
        return request.user.is_superuser or is_coordinator(request.user)

    def get_queryset(self, request):
        measures = super().get_queryset(request)
        if self.sees_all(request):
            return measures
        membership = StaffMember.for_user(request.user)
        if membership is None:
            return measures.none()
        return measures.filter(responsible_units=membership.unit)

    def get_readonly_fields(self, request, obj=None):
        if self.sees_all(request):
            return super().get_readonly_fields(request, obj)
        return ("area", *self.measure_fields())

    def get_fieldsets(self, request, obj=None):
        if self.sees_all(request):
            return super().get_fieldsets(request, obj)
        return [(None, {"fields": ("area", *self.measure_fields())})]

    @staticmethod
    def measure_fields():
        return (
            "goal",
            "title_nb",
            "description_nb",
            "responsible_units",
            "start_year",
            "start_month",
            "end_year",
            "end_month",
        )

    def get_inline_instances(self, request, obj=None):
        if self.sees_all(request):
            return super().get_inline_instances(request, obj)
        inline = UnitStatusInline(self.model, self.admin_site)
        return [inline] if inline.has_view_or_change_permission(request, obj) else []

    def has_change_permission(self, request, obj=None):
        if self.sees_all(request):
            return super().has_change_permission(request, obj)
        # "Changing" a measure is adding to its log: only on an open measure of their unit,
        # and never on the list page, where the coordinator edits fields in bulk.
        return (
            obj is not None
            and request.user.has_perm("priorities.add_measurestatus")
            and self.get_queryset(request).filter(pk=obj.pk).exists()
        )

    def save_model(self, request, obj, form, change):
        if self.sees_all(request):
            super().save_model(request, obj, form, change)
        # Unit staff change nothing on the measure itself; their status entry is saved
        # with the inline (MeasureAdmin.save_formset records who made it).


admin.site.unregister(Measure)
admin.site.register(Measure, MeasureForUnitsAdmin)
