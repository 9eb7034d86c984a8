"""The public side of concern reports: the form, the receipt, and the status page, where
the sender reads the status and the conversation with the unit, and writes to it."""

import logging
from dataclasses import dataclass
from datetime import date, datetime

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
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from concerns.forms import MessageForm, ReportForm
from concerns.models import Report, ReportEvent
from concerns.receipts import (
    Conversation,
    Opened,
    close_conversation,
    open_conversation,
    recall_conversation,
    recall_receipt,
    remember_receipt,
    take_notice,
)
from concerns.services import SenderMessage, report_add_sender_message, report_submit
from core import ratelimit
from core.client_ip import client_network
from core.public import public_page
from levels.models import EmergencyNumber

logger = logging.getLogger(__name__)


def sender_message_limits() -> tuple[int, int]:
    """Messages from the sender per client and per report an hour (settings may set them)."""
    return (
        getattr(settings, "SENDER_MESSAGES_PER_HOUR", 20),
        getattr(settings, "SENDER_MESSAGES_PER_REPORT_PER_HOUR", 10),
    )


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


def too_many(request, refusal, *, give_back=False, text_field="description"):
    """A rate limit's refusal: nothing was sent, when to try again, and the sender's text.

    With `give_back`, the page holds the fields that were posted, with the same
    submission (or message) key, so that it can be sent once the window has passed.
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
            "description": request.POST.get(text_field, ""),
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
        language = translation.get_language() or settings.LANGUAGE_CODE
        report, code, new = report_submit(
            data=form.report_data(), submission_key=key, language=language
        )
        # A resent submission key returns the report stored the first time: count it once.
        if new:
            ratelimit.spend("report", client_network(request))
        professional = form.cleaned_data["reporter_role"] == Report.ReporterRole.PROFESSIONAL
        remember_receipt(
            request.session,
            reference=report.reference,
            code=code,
            sent_at=report.created_at.isoformat(),
            recipient={"nb": report.recipient.name_nb, "en": report.recipient.name_en},
            language=language,
            # A public employee's proof of what they reported, for the printed receipt.
            sent=form.sent_for_receipt() if professional else None,
        )
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
    if receipt:
        sent_at = receipt.get("sent_at")
        receipt["sent_at"] = datetime.fromisoformat(sent_at) if sent_at else None
        names = receipt.get("recipient") or {}
        language = translation.get_language() or settings.LANGUAGE_CODE
        receipt["recipient_name"] = names.get(language) or names.get(settings.LANGUAGE_CODE, "")
    return render(request, "concerns/report_receipt.html", {"receipt": receipt})


@dataclass(frozen=True)
class Step:
    """One line of the status history the sender sees."""

    at: datetime
    label: str | Promise


@dataclass(frozen=True)
class Message:
    """One message of the conversation, either way, as the sender sees it."""

    at: datetime
    from_sender: bool
    text: str
    closing: bool


@dataclass(frozen=True)
class Thread:
    """Everything the sender may see of their report, and nothing more: no unit names from
    a forward, no staff names, no notes, no content of the report itself."""

    report: Report
    history: list[Step]
    messages: list[Message]
    closed_at: datetime | None
    closing_message: Message | None
    first_answer_by: date | None


SHOWN_KINDS = (
    ReportEvent.Kind.SUBMITTED,
    ReportEvent.Kind.STATUS_CHANGED,
    ReportEvent.Kind.FORWARDED,
    ReportEvent.Kind.MESSAGE,
    ReportEvent.Kind.SENDER_MESSAGE,
)


def thread_for(report: Report) -> Thread:
    """One query for the whole timeline the sender sees, however long the conversation."""
    events = list(
        ReportEvent.objects.filter(report=report, kind__in=SHOWN_KINDS)
        .only("at", "kind", "new_status", "detail")
        .order_by("at", "pk")
    )
    history: list[Step] = []
    closings: list[datetime] = []
    for event in events:
        if event.kind == ReportEvent.Kind.SUBMITTED:
            history.append(Step(event.at, _("Sendt")))
        elif event.kind == ReportEvent.Kind.FORWARDED:
            # Which units it went between is internal; that it went on is not.
            history.append(Step(event.at, _("Sendt videre til enheten som skal følge den opp")))
        elif event.kind == ReportEvent.Kind.STATUS_CHANGED and event.new_status:
            history.append(Step(event.at, Report.Status(event.new_status).label))
            if event.new_status == Report.Status.CLOSED:
                closings.append(event.at)
    closed_at = None
    if report.status == Report.Status.CLOSED:
        closed_at = closings[-1] if closings else report.closed_at
    # The closing message: the unit's message written in the same round as the last closing
    # (every event of one round of case work has the same time).
    messages = [
        Message(
            at=event.at,
            from_sender=event.kind == ReportEvent.Kind.SENDER_MESSAGE,
            text=event.detail,
            closing=event.kind == ReportEvent.Kind.MESSAGE and event.at == closed_at,
        )
        for event in events
        if event.is_message and event.detail  # an erased or emptied message is not shown
    ]
    answered = any(not message.from_sender for message in messages)
    return Thread(
        report=report,
        history=history,
        messages=messages,
        closed_at=closed_at,
        closing_message=next((m for m in messages if m.closing), None),
        first_answer_by=None if answered or closed_at else report.due_date,
    )


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


# Why a conversation cannot be shown or written to: said on the lookup page, in its language.
PROBLEMS = {
    "expired": _(
        "Saken ble lukket i denne nettleseren fordi det har gått mer enn 30 minutter. Slå den opp på nytt med referansen og kvitteringskoden."
    ),
    "unreadable": _(
        "Vi kunne ikke lese hvilken sak som var åpen i denne nettleseren. Slå den opp på nytt med referansen og kvitteringskoden."
    ),
    "none": _(
        "Ingen sak er åpen i denne nettleseren. Slå opp saken med referansen og kvitteringskoden først."
    ),
    "not_found": _(
        "Vi fant ikke saken som var åpen. Slå den opp på nytt med referansen og kvitteringskoden."
    ),
    "erased": _(
        "Opplysningene i denne saken er slettet fordi den ble avsluttet for lenge siden, så den tar ikke imot flere meldinger. Send en ny bekymringsmelding hvis du fortsatt er bekymret."
    ),
}


def _status_page(
    request, *, form=None, thread=None, message_form=None, problem="", given_back="", notice=""
):
    context = {
        "form": form if form is not None else StatusForm(),
        "thread": thread,
        "report": thread.report if thread else None,
        "message_form": message_form,
        "problem": PROBLEMS.get(problem, ""),
        "unsent": bool(given_back),
        "given_back": given_back,
        "notice": notice,
    }
    return render(request, "concerns/report_status.html", context)


def _open_report(conversation: Conversation) -> Report | None:
    """The report the session's conversation is about, if it is still there to talk about."""
    return (
        Report.objects.select_related("recipient__reporting")
        .filter(pk=conversation.report_id, reference=conversation.reference)
        .first()
    )


@public_page(queries=1, in_sitemap=False, accepts_post=True)
@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report_status(request):
    # POST only for the lookup, so that the receipt code never appears in a URL or an
    # access log; the conversation it opens is kept in the session, never in a URL.
    if request.method == "POST":
        if "message" in request.POST:
            return _post_message(request)
        if "end" in request.POST:
            close_conversation(request.session)
            return redirect(request.path)
        return _lookup(request)
    state, conversation = recall_conversation(request.session)
    if state is not Opened.OPEN or conversation is None:
        return _status_page(request, problem="" if state is Opened.NONE else state.value)
    report = _open_report(conversation)
    if report is None or report.erased_at is not None:
        close_conversation(request.session)
        return _status_page(request, problem="erased" if report else "not_found")
    notice = take_notice(request.session, conversation)
    return _status_page(
        request,
        thread=thread_for(report),
        message_form=MessageForm(reference=report.reference),
        notice=notice,
    )


def _lookup(request):
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
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _status_page(request, form=form)
    report = form.cleaned_data["report"]
    open_conversation(request.session, report_id=report.pk, reference=report.reference)
    # Shown in the language the sender wrote in (POST/redirect/GET: a reload asks nothing).
    with translation.override(report.language):
        return redirect(reverse("reports:status"))


def _post_message(request):
    """A message from the sender to the open conversation. Whatever goes wrong, nothing is
    stored and the sender is told why, with their text given back to copy."""
    text = request.POST.get("message", "")
    state, conversation = recall_conversation(request.session)
    if state is not Opened.OPEN or conversation is None:
        return _status_page(request, problem=state.value, given_back=text)
    per_client, per_report = sender_message_limits()
    refusal = ratelimit.hit("sender-message", client_network(request), limit=per_client)
    if not refusal:
        refusal = ratelimit.hit("sender-message-report", conversation.reference, limit=per_report)
    if refusal:
        return too_many(request, refusal, give_back=True, text_field="message")
    report = _open_report(conversation)
    if report is None or report.erased_at is not None:
        close_conversation(request.session)
        return _status_page(request, problem="erased" if report else "not_found", given_back=text)
    form = MessageForm(
        request.POST, receipt_code_hash=report.receipt_code_hash, reference=report.reference
    )
    if not form.is_valid():
        return _status_page(request, thread=thread_for(report), message_form=form)
    stored = report_add_sender_message(
        report=report,
        text=form.cleaned_data["message"],
        message_key=form.cleaned_data["message_key"],
    )
    if stored is SenderMessage.ERASED:
        close_conversation(request.session)
        return _status_page(request, problem="erased", given_back=text)
    # Writing keeps the conversation open for another half hour.
    open_conversation(
        request.session, report_id=report.pk, reference=report.reference, notice=stored.value
    )
    return redirect(request.path)
