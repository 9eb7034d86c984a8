"""The admin site: every staff account needs a second factor before it shows anything."""

from functools import update_wrapper
from urllib.parse import quote

from django.contrib import admin
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from concerns.health import problems
from concerns.roles import is_coordinator
from slt_portal.lockout import repeated_lockouts, sees_lockouts


class SltAdminSite(admin.AdminSite):
    site_header = _("SLT-portalen – saksbehandling og innhold")
    site_title = _("SLT-portalen")
    index_title = _("Administrasjon")

    def index(self, request, extra_context=None):
        # What the coordinator must act on, first: a stopped worker, failing notifications.
        warnings: list[Promise | str] = (
            [problem.message for problem in problems()] if is_coordinator(request.user) else []
        )
        if sees_lockouts(request.user):
            # Someone locked out again and again: a forgotten password, or someone guessing.
            warnings += repeated_lockouts()
        extra_context = {**(extra_context or {}), "admin_warnings": warnings}
        return super().index(request, extra_context)

    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            user = request.user
            if user.is_active and user.is_staff and not user.is_verified():
                if request.path == reverse("admin:logout", current_app=self.name):
                    # The admin only logs out users it lets in; this one must be able to leave too.
                    if request.method == "POST":
                        logout(request)
                    return redirect("admin:login")
                return redirect(f"{reverse('two_factor')}?next={quote(request.get_full_path())}")
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapper, inner)
