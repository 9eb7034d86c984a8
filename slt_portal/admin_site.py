"""The admin site: every staff account needs a second factor before it shows anything."""

from functools import update_wrapper
from urllib.parse import quote

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SltAdminSite(admin.AdminSite):
    site_header = _("SLT-portalen – saksbehandling og innhold")
    site_title = _("SLT-portalen")
    index_title = _("Administrasjon")

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


class SltAdminConfig(AdminConfig):
    default_site = "slt_portal.admin_site.SltAdminSite"
