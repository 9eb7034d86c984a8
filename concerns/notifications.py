"""Delivering the outbox: the content-free e-mail that tells a unit a report has arrived.

A worker claims a row (pending -> sending) in one short UPDATE, talks to the mail
server with no transaction open, then records the result. Scheduling the next
attempt is the task's business (concerns/tasks.py): this module only sends and
records, so it imports no task.
"""

import enum
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from concerns.models import Notification, ReportEvent

logger = logging.getLogger(__name__)


class Delivery(enum.StrEnum):
    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    NOT_PENDING = "not pending"


def notification_deliver(*, notification_id: int) -> Delivery:
    """Send one outbox e-mail, or record the failure and when to try again.

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
        return Delivery.NOT_PENDING
    notification = Notification.objects.select_related("report", "unit__reporting").get(
        pk=notification_id
    )
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
    return Delivery.SENT


def next_attempt_at(notification_id: int) -> datetime:
    return Notification.objects.values_list("next_attempt_at", flat=True).get(pk=notification_id)


def _record_failure(notification: Notification, error: Exception) -> Delivery:
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
            return Delivery.FAILED
        delay = settings.NOTIFICATION_RETRY_SECONDS * 2 ** (notification.attempts - 1)
        Notification.objects.filter(pk=notification.pk).update(
            status=Notification.Status.PENDING,
            next_attempt_at=timezone.now() + timedelta(seconds=delay),
            last_error=error_text,
        )
    logger.warning(
        "notification %s attempt %s failed (%s); retry in %ss",
        notification.pk,
        notification.attempts,
        type(error).__name__,
        delay,
    )
    return Delivery.RETRY


def _send_new_report_email(notification: Notification) -> None:
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
        to=[notification.unit.reporting.reports_inbox],
    )
    message.attach_alternative(html, "text/html")
    message.send(using="default")


def notifications_reclaim(*, now: datetime | None = None, stuck_after: timedelta) -> list[int]:
    """The notifications that should have been sent by now, made pending again.

    That is a pending one well past its attempt time (its task was lost) or a claim
    whose lease ran out (the worker died while sending). The caller queues each
    again; queuing one twice is harmless, since only one worker can claim a row.
    """
    cutoff = (now or timezone.now()) - stuck_after
    stuck = list(Notification.objects.due(cutoff).values_list("pk", flat=True))
    Notification.objects.filter(pk__in=stuck, status=Notification.Status.SENDING).update(
        status=Notification.Status.PENDING
    )
    return stuck
