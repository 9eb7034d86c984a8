"""The admin site: every staff account needs a second factor before it shows anything.

Its pages speak the staff member's language (slt_portal.staff_language): Norwegian unless
they have chosen English. Inside /admin/, the error pages are the admin's own.
"""

from functools import update_wrapper
from urllib.parse import quote

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import logout
from django.http import HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import redirect
from django.template import loader
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.defaults import permission_denied as default_permission_denied

from concerns.health import problems
from concerns.roles import is_coordinator
from slt_portal import staff_language, views
from slt_portal.lockout import repeated_lockouts, sees_lockouts
from slt_portal.staff_language import use_staff_language


def admin_path() -> str:
    return reverse("admin:index")


def in_admin(request) -> bool:
    return request.path.startswith(admin_path())


class SltAdminSite(admin.AdminSite):
    site_header = _("SLT-portalen – saksbehandling og innhold")
    site_title = _("SLT-portalen")
    index_title = _("Administrasjon")
    # The first page after login is the desk: what needs doing (concerns/admin/desk.py).
    index_template = "admin/desk.html"
    logout_template = "admin/logged_out.html"

    def index(self, request, extra_context=None):
        # What the coordinator must act on, first: a stopped worker, failing notifications.
        warnings: list[Promise | str] = (
            [problem.message for problem in problems()] if is_coordinator(request.user) else []
        )
        if sees_lockouts(request.user):
            # Someone locked out again and again: a forgotten password, or someone guessing.
            warnings += repeated_lockouts()
        # Imported here: the concerns admin registers itself on this site when imported.
        from concerns.admin.desk import desk_context

        extra_context = {
            **(extra_context or {}),
            "admin_warnings": warnings,
            **desk_context(request),
        }
        return super().index(request, extra_context)

    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()

    def each_context(self, request):
        context = super().each_context(request)
        context["other_language"] = "en" if translation.get_language() == "nb" else "nb"
        return context

    def login(self, request, extra_context=None):
        use_staff_language(request)
        return super().login(request, extra_context)

    def get_urls(self):
        # Not behind admin_view: the language is chosen on the login page too.
        choose = path("sprak/", self.set_language, name="set_language")
        return [choose, *super().get_urls()]

    @staticmethod
    @require_POST
    def set_language(request):
        """Remember the staff member's language and go back to the page they were on."""
        target = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            target = admin_path()
        response = HttpResponseRedirect(target)
        language = request.POST.get("language")
        if language in dict(settings.LANGUAGES):
            response.set_cookie(
                staff_language.COOKIE,
                language,
                max_age=int(staff_language.COOKIE_AGE.total_seconds()),
                path=admin_path(),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            use_staff_language(request)
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


# The error pages. Inside /admin/ they are the admin's own, in the staff's language; the
# public site keeps its pages (slt_portal.views).


def _error_context(request, title):
    use_staff_language(request)
    site = admin.site
    context = {**site.each_context(request), "title": title}
    if not site.has_permission(request):
        # Not logged in, or not yet past the second factor: no menu of what is inside.
        context.update(available_apps=[], is_nav_sidebar_enabled=False)
    return context


def permission_denied(request, exception):
    if not in_admin(request):
        return default_permission_denied(request, exception)
    context = _error_context(request, _("Du har ikke tilgang til denne siden"))
    return TemplateResponse(request, "admin/403.html", context, status=403).render()


def page_not_found(request, exception):
    if not in_admin(request):
        return views.page_not_found(request, exception)
    context = _error_context(request, _("Fant ikke siden"))
    return TemplateResponse(request, "admin/404.html", context, status=404).render()


def server_error(request):
    if not in_admin(request):
        return views.server_error(request)
    use_staff_language(request)
    # No request and no context processors: this page must render without the database.
    page = loader.get_template("admin/500.html").render(
        {"site_header": admin.site.site_header, "title": _("Noe gikk galt")}
    )
    return HttpResponseServerError(page)
