"""The coordinator's view of the notification outbox, with a retry for failed e-mails."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from concerns.models import Notification
from concerns.roles import is_coordinator
from concerns.services import notification_retry


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = (
        "report",
        # A new report or a message from the sender to the unit's inbox, or a message to
        # the sender: then the unit is the one that wrote.
        "kind",
        "unit",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    )
    list_filter = ("status", "kind")
    readonly_fields = (*list_display, "created_at")
    fields = readonly_fields
    actions = ["retry"]

    @admin.action(description=_("Prøv å sende valgte varsler på nytt"))
    def retry(self, request, queryset):
        retried = sum(
            notification_retry(notification=notification)
            for notification in queryset.filter(status=Notification.Status.FAILED)
        )
        messages.info(request, _("%(count)s varsel er lagt i kø på nytt.") % {"count": retried})

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_module_permission(self, request):
        return is_coordinator(request.user) and super().has_module_permission(request)

    def get_queryset(self, request):
        if not is_coordinator(request.user):
            return Notification.objects.none()
        return super().get_queryset(request).select_related("report", "unit")
