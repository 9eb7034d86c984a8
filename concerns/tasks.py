"""Work the task worker (`manage.py db_worker`) does: notifications, and two repeating jobs.

A repeating job books its next run before it does its work, so a failure cannot end
the chain; `migrate` starts each chain (see ConcernsConfig), so every deployment has them.
"""

from datetime import timedelta

from django.conf import settings
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from concerns.services import notification_deliver, notifications_requeue, reports_erase_expired

PURGE_EVERY = timedelta(days=1)


@task
def send_notification(notification_id):
    return notification_deliver(notification_id=notification_id)


@task
def purge_expired_reports():
    schedule(purge_expired_reports, after=PURGE_EVERY)
    return reports_erase_expired()


@task
def sweep_notifications():
    """Queue again what a dead worker left behind or a lost task never sent."""
    every = timedelta(seconds=settings.NOTIFICATION_SWEEP_SECONDS)
    schedule(sweep_notifications, after=every)
    return notifications_requeue(stuck_after=every)


REPEATING = (purge_expired_reports, sweep_notifications)


def schedule(repeating_task, *, after=timedelta(0)):
    """Queue `repeating_task` to run `after` from now, unless a run is already waiting."""
    waiting = DBTaskResult.objects.filter(
        task_path=repeating_task.module_path, status=TaskResultStatus.READY
    )
    if not waiting.exists():
        repeating_task.using(run_after=timezone.now() + after).enqueue()
