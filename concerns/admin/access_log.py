from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from concerns.encryption import encrypted_fields
from concerns.models import Report, ReportEvent
from concerns.people import PersonFilter, display_name
from concerns.roles import is_coordinator

# Never shown in the log: the events' text and the reports' personal fields are left
# unread and undecrypted (the report column shows only its reference).
UNSHOWN = ["detail", *(f"report__{name}" for name in encrypted_fields(Report))]


@admin.register(ReportEvent)
class AccessLogAdmin(admin.ModelAdmin):
    """The coordinator's view of the timelines: every access to a report, or by one person."""

    list_display = ("at", "report", "kind", "done_by")
    list_filter = ("kind", ("actor", PersonFilter))
    search_fields = ("report__reference",)
    list_select_related = ("report", "actor")
    # Newest first; the id orders events of the same moment. Index event_at (or
    # event_actor_at, filtered by person) gives the first page without a sort.
    ordering = ["-at", "-pk"]
    # One COUNT per page, of the log as filtered; not a second one of the whole table.
    show_full_result_count = False
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
        return super().get_queryset(request).defer(*UNSHOWN)
