"""Concerns taken by phone, by letter or in a meeting, registered by staff in the admin.

The form has the public form's rules (concerns.forms.IntakeForm), the report is stored by
the same service with its channel and the staff member who registered it, and the
receipt code is shown once, to be passed on: with it the sender uses the status page
like anyone who sent the form. Any staff member with a unit may register one; who may
read it afterwards follows the recipient, as for every report.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from concerns.forms import IntakeForm
from concerns.models import Report, StaffMember
from concerns.receipts import remember_intake, take_intake
from concerns.services import report_submit


def may_register(request) -> bool:
    user = request.user
    return (
        user.is_active
        and user.is_staff
        and user.has_perm("concerns.add_report")
        and StaffMember.for_user(user) is not None
    )


def intake_urls(model_admin):
    site = model_admin.admin_site

    def context(request, **extra):
        return {
            **site.each_context(request),
            "opts": Report._meta,
            **extra,
        }

    @sensitive_post_parameters()
    @never_cache
    def register_view(request):
        if not may_register(request):
            raise PermissionDenied
        membership = StaffMember.for_user(request.user)
        form = IntakeForm(request.POST or None, unit=membership.unit if membership else None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            report, code, _new = report_submit(
                data=form.report_data(),
                submission_key=data["submission_key"],
                language=data["language"],
                channel=data["channel"],
                actor=request.user,
            )
            remember_intake(request.session, reference=report.reference, code=code)
            return redirect("admin:concerns_report_registered")
        return TemplateResponse(
            request,
            "admin/concerns/report/register.html",
            context(
                request,
                title=_("Registrer en bekymring mottatt på telefon, brev eller i møte"),
                form=form,
            ),
        )

    @never_cache
    def registered_view(request):
        if not may_register(request):
            raise PermissionDenied
        receipt = take_intake(request.session)
        report = None
        if receipt:
            found = Report.objects.filter(reference=receipt["reference"]).first()
            report = found if found is not None and found.is_visible_to(request.user) else None
        return TemplateResponse(
            request,
            "admin/concerns/report/registered.html",
            context(
                request,
                title=_("Kvittering for registrert bekymring"),
                receipt=receipt,
                report=report,
                status_url=settings.SITE_URL + reverse("reports:status"),
            ),
        )

    wrap = site.admin_view
    return [
        path("registrer/", wrap(register_view), name="concerns_report_register"),
        path("registrert/", wrap(registered_view), name="concerns_report_registered"),
    ]
