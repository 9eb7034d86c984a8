"""Every write to a report that takes more than one step: submitting, case work, forwarding,
closing, the messages between the unit and the sender, a changed deadline, and the
coordinator's retry of a failed notification.

Each service runs in one transaction and writes the report's timeline events with it;
work for the task worker is queued in the same transaction, since the task queue is a
table in the same database.
"""

import enum
import hashlib
import logging
import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from concerns.dates import case_date
from concerns.models import Notification, Report, ReportEvent
from concerns.models.deadlines import Deadline
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
    "topic",
    "category",
    "priority_area",
    "description",
    "notify_sender",
    "recipient",
]
# How long a message, either way, may be; the form's counter shows it.
MESSAGE_MAX = 2000


class Submitted(NamedTuple):
    report: Report
    # Shown once, kept only as a hash.
    code: str
    # False when the submission key had been used: the report is the one stored then.
    new: bool


def report_submit(
    *,
    data: Mapping[str, Any],
    submission_key: uuid.UUID,
    language: str = "",
    channel: str = Report.Channel.WEB,
    actor: User | None = None,
) -> Submitted:
    """Store a report, its first event and its notification in one transaction.

    Returns the report and the receipt code, which is shown once and kept only as a
    hash. The same submission key (a double click whose first answer the browser
    dropped) returns the report it stored the first time, with the same code, and
    `new` False.
    `language` is the one the sender wrote in; `channel` and `actor` say how it came in
    and, for a concern taken by phone, letter or in a meeting, who registered it.
    """
    code = receipt_code_for(submission_key)
    key_hash = hash_submission_key(submission_key)
    recipient = data["recipient"]
    fields = {field: data[field] for field in REPORT_FIELDS}
    # Only a sender with an address can be told of a new message.
    fields["notify_sender"] = bool(fields["notify_sender"] and fields["reporter_email"])
    try:
        with transaction.atomic():
            report = Report.objects.create(
                reference=f"pending-{key_hash[:40]}",
                receipt_code_hash=hash_receipt_code(code),
                submission_key_hash=key_hash,
                due_date=Report.due_date_for(recipient),
                feedback_due_date=Report.feedback_due_date_for(recipient),
                language=language or settings.LANGUAGE_CODE,
                channel=channel,
                **fields,
            )
            year = timezone.localtime(report.created_at).year
            report.reference = f"SLT-{year}-{report.pk:04d}"
            Report.objects.filter(pk=report.pk).update(reference=report.reference)
            ReportEvent.objects.create(
                report=report,
                actor=actor,
                kind=ReportEvent.Kind.SUBMITTED,
                new_status=Report.Status.NEW,
                at=report.created_at,
            )
            _queue_notification(report, recipient)
    except IntegrityError:
        first = Report.objects.filter(submission_key_hash=key_hash).first()
        if first is None:
            raise
        return Submitted(first, code, new=False)
    logger.info("report submitted: %s to unit %s", report.reference, recipient.slug)
    return Submitted(report, code, new=True)


def _queue_notification(
    report: Report, unit: Unit, kind: str = Notification.Kind.NEW_REPORT
) -> Notification:
    notification = Notification.objects.create(report=report, unit=unit, kind=kind)
    # The task commits with the report or not at all: no window in which a report is
    # stored without its task.
    send_notification.enqueue(notification.pk)
    return notification


def hash_message_key(message_key: uuid.UUID | str) -> str:
    return hashlib.sha256(f"message:{uuid.UUID(str(message_key))}".encode()).hexdigest()


def report_update_case(
    *,
    report: Report,
    actor: User,
    status: str,
    outcome: str,
    assignee: User | None,
    message: str = "",
    message_key: uuid.UUID | None = None,
    note: str = "",
    forward_to: Unit | None = None,
) -> None:
    """Apply one round of case work and record each change on the timeline.

    A message to the sender is an event of its own, shown on their status page; it clears
    the "new message from the sender" mark and, if the sender asked for it, queues a
    content-free e-mail to them. Every event of one round has the same time, so the
    status page can tell the message that came with the closing. A message whose key was
    stored before (the same form posted twice) is not stored again. A forward, if asked
    for, comes last: it hands the report to the new unit as a new case, whatever the
    status was set to.
    """
    now = timezone.now()
    with transaction.atomic():
        before = Report.objects.select_for_update().get(pk=report.pk)
        events: list[ReportEvent] = []
        if status != before.status:
            report.closed_at = now if status == Report.Status.CLOSED else None
            detail = f"{before.get_status_display()} → {Report.Status(status).label}"
            if status == Report.Status.CLOSED:
                detail += f" ({Report.Outcome(outcome).label})"
            events.append(
                ReportEvent(kind=ReportEvent.Kind.STATUS_CHANGED, detail=detail, new_status=status)
            )
        if (assignee.pk if assignee else None) != before.assignee_id:
            events.append(ReportEvent(kind=ReportEvent.Kind.ASSIGNED, detail=str(assignee or "–")))
        key_hash = hash_message_key(message_key or uuid.uuid4())
        if (
            message
            and not ReportEvent.objects.filter(report=report, message_key_hash=key_hash).exists()
        ):
            events.append(
                ReportEvent(
                    kind=ReportEvent.Kind.MESSAGE, detail=message, message_key_hash=key_hash
                )
            )
        else:
            message = ""
        if note:
            events.append(ReportEvent(kind=ReportEvent.Kind.NOTE, detail=note))
        report.status = status
        report.outcome = outcome
        report.assignee = assignee
        update_fields = ["status", "outcome", "assignee", "closed_at"]
        if message:
            report.new_from_sender = False
            update_fields.append("new_from_sender")
            if before.answered_at is None:
                # The first word to the sender: the feedback deadline is met.
                report.answered_at = now
                update_fields.append("answered_at")
        report.save(update_fields=update_fields)
        for event in events:
            event.report, event.actor, event.at = report, actor, now
        ReportEvent.objects.bulk_create(events)
        if message and before.notify_sender and before.reporter_email and not before.erased_at:
            _queue_notification(report, before.recipient, Notification.Kind.MESSAGE_TO_SENDER)
        if forward_to is not None:
            report_forward(report=report, to_unit=forward_to, actor=actor)


def report_close(*, report: Report, actor: User, outcome: str, message: str = "") -> None:
    report_update_case(
        report=report,
        actor=actor,
        status=Report.Status.CLOSED,
        outcome=outcome,
        assignee=report.assignee,
        message=message,
    )


class SenderMessage(enum.StrEnum):
    """What became of a message the sender wrote on the status page."""

    STORED = "stored"
    DUPLICATE = "duplicate"  # the same form posted again: stored the first time
    ERASED = "erased"  # the report's personal data is gone: nothing more can be added


def report_add_sender_message(
    *, report: Report, text: str, message_key: uuid.UUID
) -> SenderMessage:
    """A message from the sender: an event on the timeline, the report marked "new message
    from the sender" in the case list, and the unit's inbox told, without the content.

    A closed report takes the message and is marked, but is not reopened: whether to
    reopen is the unit's decision.
    """
    key_hash = hash_message_key(message_key)
    try:
        with transaction.atomic():
            current = (
                Report.objects.select_for_update().select_related("recipient").get(pk=report.pk)
            )
            if current.erased_at is not None:
                return SenderMessage.ERASED
            ReportEvent.objects.create(
                report=current,
                kind=ReportEvent.Kind.SENDER_MESSAGE,
                detail=text,
                message_key_hash=key_hash,
            )
            Report.objects.filter(pk=current.pk).update(new_from_sender=True)
            _queue_notification(current, current.recipient, Notification.Kind.SENDER_MESSAGE)
    except IntegrityError:
        if ReportEvent.objects.filter(report=report, message_key_hash=key_hash).exists():
            return SenderMessage.DUPLICATE
        raise
    logger.info("message from the sender on %s", current.reference)
    return SenderMessage.STORED


def report_forward(*, report: Report, to_unit: Unit, actor: User, reason: str = "") -> None:
    with transaction.atomic():
        previous = report.recipient
        report.recipient = to_unit
        report.status = Report.Status.NEW
        report.outcome = ""
        report.closed_at = None
        report.due_date = Report.due_date_for(to_unit)
        update_fields = ["recipient", "status", "outcome", "closed_at", "due_date", "assignee"]
        if report.answered_at is None:
            # Not answered yet: the new unit's clock for the answer starts now.
            report.feedback_due_date = Report.feedback_due_date_for(to_unit)
            update_fields.append("feedback_due_date")
        report.assignee = None
        report.save(update_fields=update_fields)
        ReportEvent.objects.create(
            report=report,
            actor=actor,
            kind=ReportEvent.Kind.FORWARDED,
            detail=f"{previous.name_nb} → {to_unit.name_nb}" + (f"\n{reason}" if reason else ""),
            new_status=Report.Status.NEW,
        )
        _queue_notification(report, to_unit)


def report_change_deadline(
    *,
    report: Report,
    actor: User,
    due_date: date,
    reason: str,
    deadline: Deadline = Deadline.REVIEW,
) -> bool:
    """Move one of the report's deadlines, with the reason, as an event on its timeline.

    The reason is required: a deadline is the unit's promise to the sender, and whoever
    reads the timeline later must see why it moved. A new date is a new deadline to the
    reminders (concerns/notifications.py): it is reminded of afresh. Returns whether the
    date changed; the same date records nothing.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError("A changed deadline needs a reason.", code="reason_required")
    field = "due_date" if deadline == Deadline.REVIEW else "feedback_due_date"
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        before = getattr(current, field)
        if before == due_date:
            return False
        Report.objects.filter(pk=report.pk).update(**{field: due_date})
        setattr(report, field, due_date)
        ReportEvent.objects.create(
            report=report,
            actor=actor,
            kind=ReportEvent.Kind.DEADLINE_CHANGED,
            # Stored in Norwegian, like every timeline detail the portal writes.
            detail=(
                f"{_DEADLINE_NAMES[deadline]}: {case_date(before)} → {case_date(due_date)}"
                f"\nBegrunnelse: {reason}"
            ),
        )
    logger.info("deadline %s of %s changed", deadline, report.reference)
    return True


_DEADLINE_NAMES = {
    Deadline.REVIEW: "Frist for gjennomgang",
    Deadline.FEEDBACK: "Frist for svar til avsender",
}


def report_record_view(*, report: Report, actor: User, kind: str = ReportEvent.Kind.VIEWED) -> None:
    """A read of the report by staff, on its timeline. Opening the report (not downloading
    it) is what clears its "new message from the sender" mark."""
    with transaction.atomic():
        ReportEvent.objects.create(report=report, actor=actor, kind=kind)
        if kind == ReportEvent.Kind.VIEWED and report.new_from_sender:
            Report.objects.filter(pk=report.pk).update(new_from_sender=False)


def report_record_refusal(*, object_id: str | int, actor: User) -> None:
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
