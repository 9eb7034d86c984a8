"""The public side of concern reports: the form, the receipt and the status lookup."""

import logging

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
from concerns.receipts import recall_receipt, remember_receipt
from concerns.services import report_submit
from core import ratelimit
from core.client_ip import client_network
from core.public import public_page
from levels.models import EmergencyNumber

logger = logging.getLogger(__name__)



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


def too_many(request, refusal, *, give_back=False):
    """A rate limit's refusal: nothing was sent, when to try again, and the sender's text.

    With `give_back`, the page holds the fields that were posted, with the same
    submission key, so that the report can be sent once the window has passed.
    """
    context = {"minutes": refusal.minutes, "lookup": not give_back}
    if give_back:
        context |= {
            "fields": [
                (name, value)
                for name, values in request.POST.lists()
                if name not in ("csrfmiddlewaretoken", "website")
                for value in values
            ],
            "description": request.POST.get("description", ""),
            "action": request.path,
        }
    response = render(request, "concerns/too_many.html", context, status=429)
    response.headers["Retry-After"] = str(refusal.retry_after)
    return response


def _report_form(request):
    if request.method == "POST":
        if request.POST.get("website"):
            # Only a robot fills in the hidden field: answer as if all went well, store nothing.
            return redirect("reports:receipt")
        # Every POST counts against a high cap; only stored reports against the report
        # limit, so that correcting the form's errors costs nothing.
        client = client_network(request)
        refusal = ratelimit.hit(
            "report-post", client, limit=settings.REPORT_POSTS_PER_HOUR
        ) or ratelimit.spent("report", client, limit=settings.REPORT_SUBMISSIONS_PER_HOUR)
        if refusal:
            return too_many(request, refusal, give_back=True)
    form = ReportForm(request.POST or None)
    if form.is_bound and form.is_valid():
        key = form.cleaned_data["submission_key"]
        report, code = report_submit(data=form.report_data(), submission_key=key)
        # A resent submission key returns the report stored the first time: count it once.
        ratelimit.spend("report", client_network(request), once_for=str(key))
        remember_receipt(request.session, reference=report.reference, code=code)
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
    receipt = recall_receipt(request.session)
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
    if request.method == "POST":
        # Per address, and per reference from any address, so that guessing the code of
        # one report from many addresses stops too. The reference is normalised as
        # StatusForm.clean() does, so that spellings of one reference count together.
        reference = request.POST.get("reference", "").strip().upper()
        refusal = ratelimit.hit(
            "status", client_network(request), limit=settings.STATUS_LOOKUPS_PER_HOUR
        )
        if reference and not refusal:
            refusal = ratelimit.hit(
                "status-reference", reference, limit=settings.STATUS_LOOKUPS_PER_REFERENCE_PER_HOUR
            )
        if refusal:
            return too_many(request, refusal)
    form = StatusForm(request.POST or None)
    report = form.cleaned_data["report"] if request.method == "POST" and form.is_valid() else None
    return render(request, "concerns/report_status.html", {"form": form, "report": report})
