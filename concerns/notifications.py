"""Delivering the outbox: the content-free e-mails. A unit's inbox is told that a report
has arrived or that its sender has written; a sender who asked for it is told that the
unit has written. Each says only the reference and where to read it: the unit's link
leads to the admin, which needs a login; the sender's to the status page, which needs the
reference and the receipt code, and the e-mail carries neither the code nor a login.

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
    to_sender = notification.kind == Notification.Kind.MESSAGE_TO_SENDER
    if to_sender and not notification.report.reporter_email:
        # Erased with the report's personal data since it was queued: nobody to tell.
        return _give_up(notification, "no address: the sender's details were erased")
    try:
        _send_email(notification)
    except Exception as error:  # any transport failure is retried; none may lose the row
        return _record_failure(notification, error)
    with transaction.atomic():
        Notification.objects.filter(pk=notification_id).update(
            status=Notification.Status.SENT, sent_at=timezone.now(), last_error=""
        )
        ReportEvent.objects.create(
            report=notification.report,
            kind=ReportEvent.Kind.NOTIFIED,
            detail=_told(notification),
        )
    return Delivery.SENT


def _told(notification: Notification) -> str:
    """Who the timeline says was told. Never the sender's address."""
    if notification.kind == Notification.Kind.MESSAGE_TO_SENDER:
        return "avsenderen (e-post)"
    return notification.unit.name_nb


def _give_up(notification: Notification, reason: str) -> Delivery:
    with transaction.atomic():
        Notification.objects.filter(pk=notification.pk).update(
            status=Notification.Status.FAILED, last_error=reason
        )
        ReportEvent.objects.create(
            report=notification.report,
            kind=ReportEvent.Kind.NOTIFICATION_FAILED,
            detail=_told(notification),
        )
    logger.warning("notification %s not sent: %s", notification.pk, reason)
    return Delivery.FAILED


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
                detail=_told(notification),
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


def _send_email(notification: Notification) -> None:
    """The e-mail carries the reference and a link, never anything about the child, the
    sender or what anyone wrote. Each kind has its own subject, text and HTML templates
    (templates/concerns/email/<kind>*)."""
    report = notification.report
    if notification.kind == Notification.Kind.MESSAGE_TO_SENDER:
        # In the sender's language; the link is the status page, which asks for the code.
        language = report.language
        to = report.reporter_email
        with translation.override(language):
            url = settings.SITE_URL + reverse("reports:status")
    else:
        language = settings.LANGUAGE_CODE
        to = notification.unit.reporting.reports_inbox
        url = settings.SITE_URL + reverse("admin:concerns_report_change", args=[report.pk])
    context = {"reference": report.reference, "unit": notification.unit.name_nb, "url": url}
    name = f"concerns/email/{notification.kind}"
    with translation.override(language):
        subject = render_to_string(f"{name}_subject.txt", context).strip()
        text = render_to_string(f"{name}.txt", context)
        html = render_to_string(f"{name}.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
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
