"""Every write to a report that takes more than one step: submitting, case work, forwarding,
closing, and the coordinator's retry of a failed notification.

Each service runs in one transaction and writes the report's timeline events with it;
work for the task worker is queued in the same transaction, since the task queue is a
table in the same database.
"""

import logging
import uuid
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from concerns.models import Notification, Report, ReportEvent
from concerns.receipts import hash_receipt_code, hash_submission_key, receipt_code_for
from concerns.tasks import send_notification
from levels.models import Unit

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


def report_submit(*, data: Mapping[str, Any], submission_key: uuid.UUID) -> tuple[Report, str]:
    """Store a report, its first event and its notification in one transaction.

    Returns the report and the receipt code, which is shown once and kept only as a
    hash. The same submission key (a double click whose first answer the browser
    dropped) returns the report it stored the first time, with the same code.
    """
    code = receipt_code_for(submission_key)
    key_hash = hash_submission_key(submission_key)
    recipient = data["recipient"]
    try:
        with transaction.atomic():
            report = Report.objects.create(
                reference=f"pending-{key_hash[:40]}",
                receipt_code_hash=hash_receipt_code(code),
                submission_key_hash=key_hash,
                due_date=Report.due_date_for(recipient),
                **{field: data[field] for field in REPORT_FIELDS},
            )
            year = timezone.localtime(report.created_at).year
            report.reference = f"SLT-{year}-{report.pk:04d}"
            Report.objects.filter(pk=report.pk).update(reference=report.reference)
            ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.SUBMITTED)
            _queue_notification(report, recipient)
    except IntegrityError:
        first = Report.objects.filter(submission_key_hash=key_hash).first()
        if first is None:
            raise
        return first, code
    logger.info("report submitted: %s to unit %s", report.reference, recipient.slug)
    return report, code


def _queue_notification(report: Report, unit: Unit) -> Notification:
    notification = Notification.objects.create(report=report, unit=unit)
    # The task commits with the report or not at all: no window in which a report is
    # stored without its task.
    send_notification.enqueue(notification.pk)
    return notification


def report_update_case(
    *,
    report: Report,
    actor: User,
    status: str,
    outcome: str,
    assignee: User | None,
    message_to_sender: str,
    note: str = "",
    forward_to: Unit | None = None,
) -> None:
    """Apply one round of case work and record each change on the timeline.

    A forward, if asked for, comes last: it hands the report to the new unit as a
    new case, whatever the status was set to.
    """
    with transaction.atomic():
        before = Report.objects.select_for_update().get(pk=report.pk)
        events: list[tuple[str, str]] = []
        if status != before.status:
            report.closed_at = timezone.now() if status == Report.Status.CLOSED else None
            detail = f"{before.get_status_display()} → {Report.Status(status).label}"
            if status == Report.Status.CLOSED:
                detail += f" ({Report.Outcome(outcome).label})"
            events.append((ReportEvent.Kind.STATUS_CHANGED, detail))
        if (assignee.pk if assignee else None) != before.assignee_id:
            events.append((ReportEvent.Kind.ASSIGNED, str(assignee or "–")))
        if message_to_sender != before.message_to_sender:
            events.append((ReportEvent.Kind.MESSAGE, message_to_sender))
        if note:
            events.append((ReportEvent.Kind.NOTE, note))
        report.status = status
        report.outcome = outcome
        report.assignee = assignee
        report.message_to_sender = message_to_sender
        report.save(
            update_fields=["status", "outcome", "assignee", "message_to_sender", "closed_at"]
        )
        ReportEvent.objects.bulk_create(
            ReportEvent(report=report, actor=actor, kind=kind, detail=detail)
            for kind, detail in events
        )
        if forward_to is not None:
            report_forward(report=report, to_unit=forward_to, actor=actor)


def report_close(*, report: Report, actor: User, outcome: str, message_to_sender: str = "") -> None:
    report_update_case(
        report=report,
        actor=actor,
        status=Report.Status.CLOSED,
        outcome=outcome,
        assignee=report.assignee,
        message_to_sender=message_to_sender or report.message_to_sender,
    )


def report_forward(*, report: Report, to_unit: Unit, actor: User, reason: str = "") -> None:
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


def report_record_view(*, report: Report, actor: User, kind: str = ReportEvent.Kind.VIEWED) -> None:
    ReportEvent.objects.create(report=report, actor=actor, kind=kind)


def report_record_refusal(*, object_id: object, actor: User) -> None:
    """A staff user asked for a report outside their unit: on its timeline, for the coordinator.

    Instead of a log line with their address. An id that names no report records nothing.
    """
    try:
        report = Report.objects.filter(pk=object_id).first()
    except (ValueError, ValidationError):
        report = None
    if report is not None:
        ReportEvent.objects.create(report=report, actor=actor, kind=ReportEvent.Kind.REFUSED)


def notification_retry(*, notification: Notification) -> bool:
    """The coordinator asks for a failed notification to be tried again from the start."""
    with transaction.atomic():
        updated = Notification.objects.filter(
            pk=notification.pk, status=Notification.Status.FAILED
        ).update(status=Notification.Status.PENDING, attempts=0, next_attempt_at=timezone.now())
        if updated:
            send_notification.enqueue(notification.pk)
    return bool(updated)
