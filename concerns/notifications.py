"""Delivering the outbox: the content-free e-mails. A unit's inbox is told that a report
has arrived, that its sender has written, or that a deadline is near or ends today; a
sender who asked for it is told that the unit has written; the coordinator's inbox gets a
daily summary of the overdue reports, with counts and references. Each says only the
reference and where to read it: the unit's link leads to the admin, which needs a login;
the sender's to the status page, which needs the reference and the receipt code, and the
e-mail carries neither the code nor a login.

Reminders are recorded before they are sent: the outbox row is the record, and its unique
constraint (report, deadline, deadline date, kind) keeps a second worker, or the same one
after a restart, from queuing a reminder twice.

A worker claims a row (pending -> sending) in one short UPDATE, talks to the mail
server with no transaction open, then records the result. Scheduling the next
attempt is the task's business (concerns/tasks.py): this module only sends and
records, so it imports no task.
"""

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from concerns.dates import case_date
from concerns.models import Notification, Report, ReportEvent, UnitReporting
from concerns.models.deadlines import Deadline, feedback_pending, review_pending
from levels.models import Unit

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
    if to_sender and notification.report and not notification.report.reporter_email:
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
        _on_timeline(notification, ReportEvent.Kind.NOTIFIED)
    return Delivery.SENT


def _on_timeline(notification: Notification, kind: str) -> None:
    """The report's timeline says who was told; the daily summary is about no one report."""
    if notification.report_id is not None:
        ReportEvent.objects.create(
            report_id=notification.report_id, kind=kind, detail=_told(notification)
        )


_REMINDER_TOLD: dict[str, str] = {
    Notification.Kind.DEADLINE_SOON: "påminnelse om frist",
    Notification.Kind.DEADLINE_TODAY: "påminnelse: fristen går ut i dag",
}


def _told(notification: Notification) -> str:
    """Who the timeline says was told, in Norwegian like the rest of it. Never the sender's
    address."""
    if notification.kind == Notification.Kind.MESSAGE_TO_SENDER:
        return "avsenderen (e-post)"
    if notification.kind in _REMINDER_TOLD:
        return (
            f"{notification.unit.name_nb} ({_REMINDER_TOLD[notification.kind]} "
            f"{case_date(notification.deadline_date)})"
        )
    return notification.unit.name_nb


def _give_up(notification: Notification, reason: str) -> Delivery:
    with transaction.atomic():
        Notification.objects.filter(pk=notification.pk).update(
            status=Notification.Status.FAILED, last_error=reason
        )
        _on_timeline(notification, ReportEvent.Kind.NOTIFICATION_FAILED)
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
            _on_timeline(notification, ReportEvent.Kind.NOTIFICATION_FAILED)
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
    sender or what anyone wrote; a reminder adds which deadline and its date, the summary
    only counts and references. Each kind has its own subject, text and HTML templates
    (templates/concerns/email/<kind>*)."""
    report = notification.report
    language = settings.LANGUAGE_CODE
    context: dict[str, object] = {"unit": notification.unit.name_nb}
    if notification.kind == Notification.Kind.OVERDUE_SUMMARY:
        to = notification.unit.reporting.reports_inbox
        context.update(_summary_context(notification.deadline_date or timezone.localdate()))
    else:
        if report is None:  # only the summary has no report (a check constraint)
            raise ValueError(f"notification {notification.pk} has no report")
        context["reference"] = report.reference
        if notification.kind == Notification.Kind.MESSAGE_TO_SENDER:
            # In the sender's language; the link is the status page, which asks for the code.
            language = report.language
            to = report.reporter_email
            with translation.override(language):
                context["url"] = settings.SITE_URL + reverse("reports:status")
        else:
            to = notification.unit.reporting.reports_inbox
            context["url"] = settings.SITE_URL + reverse(
                "admin:concerns_report_change", args=[report.pk]
            )
        if notification.deadline:
            context["deadline"] = _DEADLINE_WORDS[notification.deadline]
            context["deadline_date"] = case_date(notification.deadline_date)
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


# The deadlines as the e-mails name them (Norwegian, the language of the unit's inbox).
_DEADLINE_WORDS: dict[str, str] = {
    Deadline.REVIEW: "fristen for å gå gjennom meldingen",
    Deadline.FEEDBACK: "fristen for å svare avsenderen",
}


def _summary_context(day: date) -> dict[str, object]:
    """Counts and references of the reports overdue on `day`, per unit: nothing else."""
    rows = (
        Report.objects.overdue(day)
        .order_by("recipient__position", "recipient_id", "pk")
        .values_list("recipient__name_nb", "reference")
    )
    units: dict[str, list[str]] = {}
    for unit_name, reference in rows:
        units.setdefault(unit_name, []).append(reference)
    return {
        "day": case_date(day),
        "count": sum(len(references) for references in units.values()),
        "units": [
            {"name": name, "count": len(references), "references": references}
            for name, references in units.items()
        ],
        "url": settings.SITE_URL + reverse("admin:concerns_report_changelist") + "?frist=overdue",
    }


@dataclass(frozen=True)
class Reminder:
    report_id: int
    unit_id: int
    kind: str
    deadline: str
    deadline_date: date


def deadline_reminders_due(*, today: date) -> list[Reminder]:
    """The reminders due today and not yet in the outbox.

    A pending deadline on `today` gets the "ends today" reminder; one within the unit's
    `reminder_days_before` gets the "coming up" reminder, once, on the first day the
    worker finds it in that window (so a day the worker missed is caught up). A unit with
    no inbox is not reminded; its overdue reports reach the coordinator's summary.
    """
    rules = {
        reporting.unit_id: reporting
        for reporting in UnitReporting.objects.exclude(reports_inbox="").only(
            "unit_id", "reports_inbox", "reminder_days_before"
        )
    }
    if not rules:
        return []
    end = today + timedelta(days=max(rule.reminder_days_before for rule in rules.values()))
    candidates = list(
        Report.objects.filter(
            (review_pending() & Q(due_date__gte=today, due_date__lte=end))
            | (feedback_pending() & Q(feedback_due_date__gte=today, feedback_due_date__lte=end)),
            recipient_id__in=list(rules),
        )
        .order_by("pk")
        .only("pk", "recipient_id", "status", "due_date", "feedback_due_date", "answered_at")
    )
    recorded = set(
        Notification.objects.filter(
            kind__in=Notification.REMINDERS,
            report_id__in=[report.pk for report in candidates],
            deadline_date__gte=today,
        ).values_list("report_id", "deadline", "deadline_date", "kind")
    )
    due = []
    for report in candidates:
        lead = rules[report.recipient_id].reminder_days_before
        for deadline, day in report.pending_deadlines():
            if day == today:
                kind = Notification.Kind.DEADLINE_TODAY
            elif lead and today < day <= today + timedelta(days=lead):
                kind = Notification.Kind.DEADLINE_SOON
            else:
                continue
            if (report.pk, deadline.value, day, kind.value) in recorded:
                continue
            due.append(Reminder(report.pk, report.recipient_id, kind, deadline, day))
    return due


def _record(queue: Callable[[int], object], **fields) -> int | None:
    """Write one outbox row and queue it, in one transaction; None if it was there already
    (another worker was first: the unique constraint says so)."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(**fields)
            queue(notification.pk)
    except IntegrityError:
        return None
    return notification.pk


def deadline_reminders_record(*, today: date, queue: Callable[[int], object]) -> list[int]:
    """Record the reminders due today in the outbox and queue each; return the new rows."""
    recorded = []
    for reminder in deadline_reminders_due(today=today):
        pk = _record(
            queue,
            report_id=reminder.report_id,
            unit_id=reminder.unit_id,
            kind=reminder.kind,
            deadline=reminder.deadline,
            deadline_date=reminder.deadline_date,
        )
        if pk is not None:
            recorded.append(pk)
    if recorded:
        logger.info("queued %s deadline reminder(s)", len(recorded))
    return recorded


def overdue_summary_record(*, today: date, queue: Callable[[int], object]) -> int | None:
    """The coordinator's summary of today's overdue reports, once a day, if there are any."""
    coordinator = (
        Unit.objects.filter(kind=Unit.Kind.COORDINATOR)
        .exclude(reporting__reports_inbox="")
        .filter(reporting__isnull=False)
        .first()
    )
    if coordinator is None or not Report.objects.overdue(today).exists():
        return None
    if Notification.objects.filter(
        kind=Notification.Kind.OVERDUE_SUMMARY, unit=coordinator, deadline_date=today
    ).exists():
        return None
    return _record(
        queue, unit=coordinator, kind=Notification.Kind.OVERDUE_SUMMARY, deadline_date=today
    )
