from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from concerns.models import ReportEvent
from concerns.people import PersonFilter, display_name
from concerns.roles import is_coordinator


@admin.register(ReportEvent)
class AccessLogAdmin(admin.ModelAdmin):
    """The coordinator's view of the timelines: every access to a report, or by one person."""

    list_display = ("at", "report", "kind", "done_by")
    list_filter = ("kind", ("actor", PersonFilter))
    search_fields = ("report__reference",)
    list_select_related = ("report", "actor")
    # The detail column may hold notes; it is shown on the report, not in this log.
    fields = ("at", "report", "kind", "actor")
    readonly_fields = fields
    actions = None

    @admin.display(description=_("utført av"), ordering="actor__first_name")
    def done_by(self, obj):
        return display_name(obj.actor) or None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return is_coordinator(request.user)

    def has_module_permission(self, request):
        return is_coordinator(request.user)

    def get_queryset(self, request):
        if not is_coordinator(request.user):
            return ReportEvent.objects.none()
        return super().get_queryset(request)
