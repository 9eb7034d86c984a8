"""Work the task worker (`manage.py db_worker`) does: notifications, and three repeating jobs.

Each task is a thin adapter over a function of notifications.py or retention.py;
services.py queues them, never the other way round. A repeating job books its next
run before it does its work, so a failure cannot end the chain; `migrate` starts
each chain (see ConcernsConfig), so every deployment has them. The daily count per
priority area is chained the same way from concerns/statistics/tasks.py: the
statistics sit above this module.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.tasks import Task, TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from concerns.models import WorkerHeartbeat
from concerns.notifications import (
    Delivery,
    deadline_reminders_record,
    next_attempt_at,
    notification_deliver,
    notifications_reclaim,
    overdue_summary_record,
)
from concerns.retention import reports_erase_expired

PURGE_EVERY = timedelta(days=1)
# The deadline reminders and the coordinator's summary go out early every morning, local
# time, before the working day (and once at once after a deploy's migrate).
REMINDERS_AT = time(6, 0)


@task
def send_notification(notification_id: int) -> str:
    delivery = notification_deliver(notification_id=notification_id)
    if delivery is Delivery.RETRY:
        # Should this enqueue be lost (the worker dies right here), the sweep finds the
        # pending row past its attempt time and queues it again.
        run_after = next_attempt_at(notification_id)
        send_notification.using(run_after=run_after).enqueue(notification_id)
    return delivery.value


@task
def purge_expired_reports() -> int:
    schedule(purge_expired_reports, after=PURGE_EVERY)
    return reports_erase_expired()


def next_morning(now: datetime | None = None) -> datetime:
    """The next REMINDERS_AT in the portal's time zone, after `now`."""
    local = timezone.localtime(now or timezone.now())
    # zoneinfo: replace and + timedelta work on the wall clock, so this stays 06:00 across
    # a change to or from summer time.
    at = local.replace(hour=REMINDERS_AT.hour, minute=REMINDERS_AT.minute, second=0, microsecond=0)
    if at <= local:
        at += timedelta(days=1)
    return at


@task
def send_deadline_reminders() -> int:
    """Queue today's deadline reminders and the coordinator's summary of overdue reports.

    Each is recorded in the outbox before it is queued, under a unique constraint, so a run
    after a restart (or a second run the same day) queues nothing it queued before.
    """
    schedule(send_deadline_reminders, at=next_morning())
    today = timezone.localdate()
    reminders = deadline_reminders_record(today=today, queue=send_notification.enqueue)
    summary = overdue_summary_record(today=today, queue=send_notification.enqueue)
    return len(reminders) + (summary is not None)


def requeue_lost_notifications(*, stuck_after: timedelta) -> int:
    stuck = notifications_reclaim(stuck_after=stuck_after)
    for notification_id in stuck:
        send_notification.enqueue(notification_id)
    return len(stuck)


@task
def sweep_notifications() -> int:
    """Queue again what a dead worker left behind or a lost task never sent.

    It also says the worker is alive (concerns/health.py), closes the task rows a killed
    worker left running, which would otherwise stay "running" for ever, and deletes
    expired sessions.
    """
    WorkerHeartbeat.beat()
    every = timedelta(seconds=settings.NOTIFICATION_SWEEP_SECONDS)
    schedule(sweep_notifications, after=every)
    close_abandoned_task_rows()
    # Ended sessions, receipts in them included, leave the database within minutes.
    SessionStore.clear_expired()
    return requeue_lost_notifications(stuck_after=every)


def close_abandoned_task_rows(*, now: datetime | None = None) -> int:
    """Mark as failed the task rows still running long after any send could take."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.NOTIFICATION_LEASE_SECONDS)
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="concerns.tasks.WorkerLost",
        traceback="The worker running this task stopped before the task finished.",
    )


REPEATING = (purge_expired_reports, sweep_notifications, send_deadline_reminders)


def schedule(
    repeating_task: Task, *, after: timedelta = timedelta(0), at: datetime | None = None
) -> None:
    """Queue `repeating_task` to run `after` from now (or `at`), unless a run is already
    waiting."""
    waiting = DBTaskResult.objects.filter(
        task_path=repeating_task.module_path, status=TaskResultStatus.READY
    )
    if not waiting.exists():
        repeating_task.using(run_after=at or timezone.now() + after).enqueue()


def start_repeating_tasks(sender, **kwargs) -> None:
    """Connected to post_migrate: every deployment runs migrate, so every one has the chains."""
    for repeating_task in REPEATING:
        schedule(repeating_task)
