"""Writes that take several steps: submitting, notifying, forwarding and closing reports."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from concerns.encryption import encrypted_fields
from concerns.models import Notification, Report, ReportEvent
from concerns.models.reports import hash_receipt_code, receipt_code_for

logger = logging.getLogger(__name__)

# The fields a report is created with, from the public form.
REPORT_FIELDS = [
    "kind",
    "reporter_role",
    "reporter_name",
    "reporter_title",
    "reporter_workplace",
    "reporter_phone",
    "reporter_email",
    "child_age",
    "child_name",
    "child_school",
    "guardians_informed",
    "category",
    "priority_area",
    "description",
    "recipient",
]


def report_submit(*, data, submission_key):
    """Store a report, its first event and its notification in one transaction.

    Returns the report and the receipt code, which is shown once and kept only as a hash.
    """
    code = receipt_code_for(submission_key)
    recipient = data["recipient"]
    with transaction.atomic():
        report = Report.objects.create(
            reference=f"pending-{submission_key}",
            receipt_code_hash=hash_receipt_code(code),
            submission_key=submission_key,
            due_date=Report.due_date_for(recipient),
            **{field: data[field] for field in REPORT_FIELDS},
        )
        year = timezone.localtime(report.created_at).year
        report.reference = f"SLT-{year}-{report.pk:04d}"
        Report.objects.filter(pk=report.pk).update(reference=report.reference)
        ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.SUBMITTED)
        _queue_notification(report, recipient)
    logger.info("report submitted: %s to unit %s", report.reference, recipient.slug)
    return report, code


def _queue_notification(report, unit):
    from concerns.tasks import send_notification

    notification = Notification.objects.create(report=report, unit=unit)
    # The task queue is a table in the same database, so the task commits with the
    # report or not at all: no window in which a report is stored without its task, and
    # one commit fewer per report.
    send_notification.enqueue(notification.pk)
    return notification


def notification_deliver(*, notification_id):
    """Send one outbox e-mail, or record the failure and schedule the next attempt.

    No transaction is held while the SMTP server is talked to: a slow mail server
    must never block people submitting reports.
    """
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, status=Notification.Status.PENDING
    ).update(
        status=Notification.Status.SENDING,
        attempts=F("attempts") + 1,
        next_attempt_at=now + timedelta(seconds=settings.NOTIFICATION_LEASE_SECONDS),
    )
    if not claimed:
        return "not pending"
    notification = Notification.objects.select_related("report", "unit").get(pk=notification_id)
    try:
        _send_new_report_email(notification)
    except Exception as error:  # any transport failure is retried; none may lose the row
        return _record_failure(notification, error)
    with transaction.atomic():
        Notification.objects.filter(pk=notification_id).update(
            status=Notification.Status.SENT, sent_at=timezone.now(), last_error=""
        )
        ReportEvent.objects.create(
            report=notification.report,
            kind=ReportEvent.Kind.NOTIFIED,
            detail=notification.unit.name_nb,
        )
    return "sent"


def _record_failure(notification, error):
    from concerns.tasks import send_notification

    error_text = f"{type(error).__name__}: {error}"[:300]
    with transaction.atomic():
        if notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
            Notification.objects.filter(pk=notification.pk).update(
                status=Notification.Status.FAILED, last_error=error_text
            )
            ReportEvent.objects.create(
                report=notification.report,
                kind=ReportEvent.Kind.NOTIFICATION_FAILED,
                detail=notification.unit.name_nb,
            )
            logger.error(
                "notification %s failed for good after %s attempts",
                notification.pk,
                notification.attempts,
            )
            return "failed"
        delay = settings.NOTIFICATION_RETRY_SECONDS * 2 ** (notification.attempts - 1)
        run_after = timezone.now() + timedelta(seconds=delay)
        Notification.objects.filter(pk=notification.pk).update(
            status=Notification.Status.PENDING, next_attempt_at=run_after, last_error=error_text
        )
        transaction.on_commit(
            lambda: send_notification.using(run_after=run_after).enqueue(notification.pk)
        )
    logger.warning(
        "notification %s attempt %s failed (%s); retry in %ss",
        notification.pk,
        notification.attempts,
        type(error).__name__,
        delay,
    )
    return "retry"


def _send_new_report_email(notification):
    """The e-mail carries the reference and a link, never anything about the child or the sender."""
    report = notification.report
    context = {
        "reference": report.reference,
        "unit": notification.unit.name_nb,
        "url": settings.SITE_URL + reverse("admin:concerns_report_change", args=[report.pk]),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("concerns/email/new_report_subject.txt", context).strip()
        text = render_to_string("concerns/email/new_report.txt", context)
        html = render_to_string("concerns/email/new_report.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.unit.reports_inbox],
    )
    message.attach_alternative(html, "text/html")
    message.send(using="default")


def notifications_requeue(*, now=None, stuck_after=timedelta(minutes=10)):
    """Queue again every notification that should have been sent by now.

    That is a pending one well past its attempt time (its task was lost) or a
    claim whose lease ran out (the worker died while sending). Queuing one twice
    is harmless: only one worker can claim a pending row.
    """
    from concerns.tasks import send_notification

    cutoff = (now or timezone.now()) - stuck_after
    stuck = list(Notification.objects.due(cutoff).values_list("pk", flat=True))
    Notification.objects.filter(pk__in=stuck, status=Notification.Status.SENDING).update(
        status=Notification.Status.PENDING
    )
    for notification_id in stuck:
        send_notification.enqueue(notification_id)
    return len(stuck)


def notification_retry(*, notification):
    """The coordinator asks for a failed notification to be tried again from the start."""
    from concerns.tasks import send_notification

    with transaction.atomic():
        updated = Notification.objects.filter(
            pk=notification.pk, status=Notification.Status.FAILED
        ).update(status=Notification.Status.PENDING, attempts=0, next_attempt_at=timezone.now())
        if updated:
            transaction.on_commit(lambda: send_notification.enqueue(notification.pk))
    return bool(updated)


def report_forward(*, report, to_unit, actor, reason=""):
    with transaction.atomic():
        previous = report.recipient
        report.recipient = to_unit
        report.status = Report.Status.NEW
        report.outcome = ""
        report.closed_at = None
        report.due_date = Report.due_date_for(to_unit)
        report.assignee = None
        report.save(
            update_fields=["recipient", "status", "outcome", "closed_at", "due_date", "assignee"]
        )
        ReportEvent.objects.create(
            report=report,
            actor=actor,
            kind=ReportEvent.Kind.FORWARDED,
            detail=f"{previous.name_nb} → {to_unit.name_nb}" + (f"\n{reason}" if reason else ""),
        )
        _queue_notification(report, to_unit)


def report_record_view(*, report, actor, kind=ReportEvent.Kind.VIEWED):
    ReportEvent.objects.create(report=report, actor=actor, kind=kind)


def reports_erase_expired(*, now=None):
    """Erase the personal data of reports closed longer ago than the retention period.

    What stays is what the anonymous statistics need: when, which category, which
    unit, the status and the outcome. The timeline keeps who did what and when,
    but loses its notes and messages.
    """
    now = now or timezone.now()
    erased = 0
    for report_id in Report.objects.due_for_erasure(now).values_list("pk", flat=True):
        with transaction.atomic():
            Report.objects.filter(pk=report_id).update(
                erased_at=now, **dict.fromkeys(encrypted_fields(Report), "")
            )
            # Erasure is the one change a timeline row may undergo.
            ReportEvent.objects.filter(report_id=report_id).update(detail="")
        erased += 1
    if erased:
        logger.info("erased the personal data of %s closed report(s)", erased)
    return erased
