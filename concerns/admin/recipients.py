"""A unit's report-receiving settings, edited on the unit's own page in the admin.

The unit is public content owned by `levels`, which knows nothing of reports; the
confidential side adds its settings to that page by extending the unit's admin.
"""

from typing import Any, ClassVar

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from concerns.models import UnitReporting
from levels.admin import UnitAdmin
from levels.models import Unit


class UnitReportingInline(admin.StackedInline):
    model = UnitReporting
    can_delete = False
    max_num = 1
    verbose_name = _("bekymringsmeldinger")
    verbose_name_plural = _("bekymringsmeldinger")
    fields = (
        "receives_reports",
        "reports_inbox",
        ("reports_about_nb", "reports_about_en"),
        # The deadline rules (concerns/models/deadlines.py).
        ("response_days", "feedback_days", "reminder_days_before"),
    )


class UnitWithReportingAdmin(UnitAdmin):
    inlines = [*UnitAdmin.inlines, UnitReportingInline]
    list_display = (*UnitAdmin.list_display[:3], "receives_reports", *UnitAdmin.list_display[3:])
    list_filter: ClassVar[Any] = ("kind", "reporting__receives_reports", "published")
    list_select_related = ("level", "reporting")

    @admin.display(description=_("tar imot bekymringsmeldinger"), boolean=True)
    def receives_reports(self, obj):
        reporting = getattr(obj, "reporting", None)
        return bool(reporting and reporting.receives_reports)


admin.site.unregister(Unit)
admin.site.register(Unit, UnitWithReportingAdmin)
