from django.contrib import admin

from concerns.models import ReportEvent
from concerns.roles import is_coordinator


@admin.register(ReportEvent)
class AccessLogAdmin(admin.ModelAdmin):
    """The coordinator's view of the timelines: every access to a report, or by one person."""

    list_display = ("at", "report", "kind", "actor")
    list_filter = ("kind", ("actor", admin.RelatedOnlyFieldListFilter))
    search_fields = ("report__reference",)
    list_select_related = ("report", "actor")
    # The detail column may hold notes; it is shown on the report, not in this log.
    fields = ("at", "report", "kind", "actor")
    readonly_fields = fields
    actions = None

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
