"""The public side of concern reports: the form, the receipt and the status lookup."""

import logging
import time

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from concerns.forms import ReportForm
from concerns.models import Report
from concerns.services import report_submit
from core.public import public_page
from core.ratelimit import too_many
from levels.models import EmergencyNumber

logger = logging.getLogger(__name__)

RECEIPT_SESSION_KEY = "concern_receipt"
RECEIPT_CODE_SHOWN_FOR = 30 * 60


@public_page(queries=4, accepts_post=True)
@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report_form(request):
    try:
        return _report_form(request)
    except DatabaseError as error:
        if request.method != "POST":
            raise
        # The transaction was not committed, so nothing of the report is stored. The
        # class name is enough to act on; the message may quote the data.
        logger.error("report not stored: database unavailable (%s)", type(error).__name__)
        return unavailable(request)


def unavailable(request):
    """What the sender sees when the database fails: their text, and a way to send it again.

    Rendered without context processors, which would ask the database again. The same
    submission key goes back with the retry, so a report can never be stored twice.
    """
    fields = [
        (name, value)
        for name, value in request.POST.items()
        if name not in ("csrfmiddlewaretoken", "website")
    ]
    html = loader.get_template("concerns/report_unavailable.html").render(
        {
            "fields": fields,
            "description": request.POST.get("description", ""),
            "csrf_token": get_token(request),
            "action": request.path,
        }
    )
    response = HttpResponse(html, status=503)
    response.headers["Retry-After"] = "60"
    return response


def _report_form(request):
    if request.method == "POST":
        if request.POST.get("website"):
            # Only a robot fills in the hidden field: answer as if all went well, store nothing.
            return redirect("reports:receipt")
        if too_many(request, "report", limit=settings.REPORT_SUBMISSIONS_PER_HOUR, window=3600):
            return render(request, "concerns/too_many.html", status=429)
    form = ReportForm(request.POST or None)
    if form.is_bound and form.is_valid():
        key = form.cleaned_data["submission_key"]
        report, code = report_submit(data=form.report_data(), submission_key=key)
        request.session[RECEIPT_SESSION_KEY] = {
            "reference": report.reference,
            "code": code,
            "at": int(time.time()),
        }
        return redirect("reports:receipt")
    return render(
        request,
        "concerns/report_form.html",
        {
            "form": form,
            "emergency_numbers": EmergencyNumber.objects.published(),
            "privacy_url": reverse("privacy"),
        },
    )


@public_page(queries=1, in_sitemap=False)
@never_cache
def report_receipt(request):
    receipt = request.session.get(RECEIPT_SESSION_KEY)
    if receipt and time.time() - receipt.get("at", 0) > RECEIPT_CODE_SHOWN_FOR:
        # On a shared computer the next person must not find the code.
        receipt = {"reference": receipt["reference"], "code": None}
        request.session[RECEIPT_SESSION_KEY] = receipt
    return render(request, "concerns/report_receipt.html", {"receipt": receipt})


class StatusForm(forms.Form):
    reference = forms.CharField(
        label=_("Referanse"), max_length=20, help_text=_("For eksempel SLT-2026-0042.")
    )
    code = forms.CharField(
        label=_("Kvitteringskode"), max_length=20, help_text=_("For eksempel ABCD-EFGH-JKLM.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("reference", "code", Submit("", _("Se status")))

    def clean(self):
        super().clean()
        data = self.cleaned_data
        reference = (data.get("reference") or "").strip().upper()
        code = data.get("code") or ""
        report = Report.objects.filter(reference=reference).first()
        if report is None or not report.receipt_code_matches(code):
            raise forms.ValidationError(
                _(
                    "Vi fant ingen melding med denne referansen og kvitteringskoden. Sjekk at du har skrevet dem riktig."
                ),
                code="not_found",
            )
        data["report"] = report
        return data


@public_page(queries=1, in_sitemap=False, accepts_post=True)
@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report_status(request):
    # POST only, so that the receipt code never appears in a URL or an access log.
    if request.method == "POST" and too_many(
        request, "status", limit=settings.STATUS_LOOKUPS_PER_HOUR, window=3600
    ):
        return render(request, "concerns/too_many.html", status=429)
    form = StatusForm(request.POST or None)
    report = form.cleaned_data["report"] if request.method == "POST" and form.is_valid() else None
    return render(request, "concerns/report_status.html", {"form": form, "report": report})
