"""The lockout list for the coordinator, and the staff's second factors for superusers.

The coordinator's staff pages are in slt_portal.staff_admin, registered on import here.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from slt_portal import staff_admin as staff_admin
from slt_portal.lockout import lift, sees_lockouts
from slt_portal.models import Authenticator, LoginLockout, RecoveryCodes

# The second factor lives in slt_portal's own models, with no secret readable at rest;
# django-otp's plugins stay installed only for their tables' migration history.
for retired in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(retired):
        admin.site.unregister(retired)


@admin.register(LoginLockout)
class LoginLockoutAdmin(admin.ModelAdmin):
    """Each row is a login that was locked: a username from an address, or a whole address."""

    list_display = ("when", "who", "address", "browser")
    list_display_links = None
    search_fields = ("username", "ip_address")
    date_hierarchy = "attempt_time"
    ordering = ("-attempt_time",)
    actions = ["lift_lock"]

    @admin.display(description=_("Tidspunkt"), ordering="attempt_time")
    def when(self, obj):
        return obj.attempt_time

    @admin.display(description=_("Brukernavn"), ordering="username")
    def who(self, obj):
        return obj.username

    @admin.display(description=_("Adresse"), ordering="ip_address")
    def address(self, obj):
        return obj.ip_address

    @admin.display(description=_("Nettleser"))
    def browser(self, obj):
        return obj.user_agent

    @admin.action(description=_("Opphev sperren for adressen"), permissions=["view"])
    def lift_lock(self, request, queryset):
        lifted = sum(lift(lockout) > 0 for lockout in queryset)
        self.message_user(
            request,
            ngettext(
                "Sperren er opphevet for %(count)d adresse.",
                "Sperren er opphevet for %(count)d adresser.",
                lifted,
            )
            % {"count": lifted},
            messages.SUCCESS,
        )

    def get_queryset(self, request):
        if not sees_lockouts(request.user):
            return LoginLockout.objects.none()
        return super().get_queryset(request).filter(locked_out=True)

    def has_view_permission(self, request, obj=None):
        return sees_lockouts(request.user)

    def has_module_permission(self, request):
        return sees_lockouts(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SecondFactorAdmin(admin.ModelAdmin):
    """Superusers may remove a lost device; the staff member then sets up a new one."""

    list_display = ("user", "confirmed", "created_at", "last_used_at")
    search_fields = ("user__username",)
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(Authenticator, SecondFactorAdmin)
admin.site.register(RecoveryCodes, SecondFactorAdmin)
