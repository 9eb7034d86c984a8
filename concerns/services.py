"""Writes that take several steps: submitting, notifying, forwarding and closing reports."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from concerns.models import Notification, Report, ReportEvent
from concerns.models.reports import hash_receipt_code, new_receipt_code

logger = logging.getLogger(__name__)

SUBMITTED_FIELDS = [
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
    code = new_receipt_code()
    recipient = data["recipient"]
    with transaction.atomic():
        report = Report.objects.create(
            reference=f"pending-{submission_key}",
            receipt_code_hash=hash_receipt_code(code),
            submission_key=submission_key,
            due_date=Report.due_date_for(recipient),
            **{field: data[field] for field in SUBMITTED_FIELDS},
        )
        report.reference = f"SLT-{report.created_at.year}-{report.pk:04d}"
        Report.objects.filter(pk=report.pk).update(reference=report.reference)
        ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.SUBMITTED)
        _queue_notification(report, recipient)
    logger.info("report submitted: %s to unit %s", report.reference, recipient.slug)
    return report, code


def _queue_notification(report, unit):
    from concerns.tasks import send_notification

    notification = Notification.objects.create(report=report, unit=unit)
    transaction.on_commit(lambda: send_notification.enqueue(notification.pk))
    return notification


def notification_deliver(*, notification_id):
    """Send one outbox e-mail, or record the failure and schedule the next attempt."""
    from concerns.tasks import send_notification

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("report", "unit")
            .filter(pk=notification_id, status=Notification.Status.PENDING)
            .first()
        )
        if notification is None:
            return "not pending"
        notification.attempts += 1
        try:
            _send_new_report_email(notification)
        except Exception as error:  # any transport failure is retried; none may lose the row
            notification.last_error = f"{type(error).__name__}: {error}"[:300]
            if notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
                notification.status = Notification.Status.FAILED
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
            else:
                delay = settings.NOTIFICATION_RETRY_SECONDS * 2 ** (notification.attempts - 1)
                notification.next_attempt_at = timezone.now() + timedelta(seconds=delay)
                run_after = notification.next_attempt_at
                transaction.on_commit(
                    lambda: send_notification.using(run_after=run_after).enqueue(notification_id)
                )
                logger.warning(
                    "notification %s attempt %s failed (%s); retry in %ss",
                    notification.pk,
                    notification.attempts,
                    type(error).__name__,
                    delay,
                )
            notification.save()
            return "retry" if notification.status == Notification.Status.PENDING else "failed"
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.last_error = ""
        notification.save()
        ReportEvent.objects.create(
            report=notification.report,
            kind=ReportEvent.Kind.NOTIFIED,
            detail=notification.unit.name_nb,
        )
    return "sent"


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
    """Enqueue every pending notification that is due, so a lost task or a dead worker loses nothing.

    A notification whose task was lost is one still pending well after its
    attempt was due; enqueuing it twice is harmless because delivery locks the row
    and only sends a pending one.
    """
    from concerns.tasks import send_notification

    now = now or timezone.now()
    due = Notification.objects.filter(
        status=Notification.Status.PENDING, next_attempt_at__lte=now - stuck_after
    ).values_list("pk", flat=True)
    count = 0
    for notification_id in due:
        send_notification.enqueue(notification_id)
        count += 1
    return count


def report_forward(*, report, to_unit, actor, reason=""):
    with transaction.atomic():
        previous = report.recipient
        report.recipient = to_unit
        report.status = Report.Status.NEW
        report.due_date = Report.due_date_for(to_unit)
        report.assignee = None
        report.save(update_fields=["recipient", "status", "due_date", "assignee"])
        ReportEvent.objects.create(
            report=report,
            actor=actor,
            kind=ReportEvent.Kind.FORWARDED,
            detail=f"{previous.name_nb} → {to_unit.name_nb}" + (f"\n{reason}" if reason else ""),
        )
        _queue_notification(report, to_unit)


def report_record_view(*, report, actor):
    ReportEvent.objects.create(report=report, actor=actor, kind=ReportEvent.Kind.VIEWED)
