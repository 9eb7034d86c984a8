"""A stopped worker, a stuck notification or a failing mail server shows in /healthz and
on the coordinator's first page in the admin, and the sweep closes abandoned task rows."""

from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from concerns.models import Notification, WorkerHeartbeat
from concerns.tasks import close_abandoned_task_rows, send_notification, sweep_notifications
from tests.reports import stored_report

pytestmark = pytest.mark.django_db


def test_a_worker_never_seen_makes_health_503_with_the_reason(resident):
    response = resident.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "ok",
        "problems": ["worker not seen"],
    }


def test_a_worker_silent_for_two_sweeps_is_reported(resident, settings):
    settings.NOTIFICATION_SWEEP_SECONDS = 300
    WorkerHeartbeat.objects.create(name="worker", seen_at=timezone.now() - timedelta(seconds=590))
    assert resident.get("/healthz").status_code == 200
    WorkerHeartbeat.objects.filter(name="worker").update(
        seen_at=timezone.now() - timedelta(seconds=601)
    )
    assert resident.get("/healthz").json()["problems"] == ["worker not seen"]


def test_the_sweep_is_the_heartbeat(resident):
    sweep_notifications.call()
    assert resident.get("/healthz").status_code == 200


def test_a_notification_past_its_back_off_is_reported(resident, settings):
    WorkerHeartbeat.beat()
    report = stored_report()
    notification = Notification.objects.get(report=report)
    grace = timedelta(seconds=2 * settings.NOTIFICATION_SWEEP_SECONDS)
    notification.next_attempt_at = timezone.now() - grace + timedelta(seconds=30)
    notification.save()
    assert resident.get("/healthz").status_code == 200
    Notification.objects.filter(pk=notification.pk).update(
        next_attempt_at=timezone.now() - grace - timedelta(seconds=1)
    )
    assert resident.get("/healthz").json()["problems"] == ["notification overdue"]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"attempts": 3}, "mail delivery failing"),
        ({"status": Notification.Status.FAILED}, "notification failed"),
    ],
)
def test_a_failing_mail_server_is_reported(resident, change, code):
    WorkerHeartbeat.beat()
    Notification.objects.filter(report=stored_report()).update(
        next_attempt_at=timezone.now() + timedelta(minutes=2), **change
    )
    assert resident.get("/healthz").json()["problems"] == [code]


def test_the_coordinator_sees_the_same_warning_on_the_first_page(coordinator, teacher):
    page = coordinator.get("/admin/").content.decode()
    assert "Oppgavekjøreren har ikke vist livstegn" in page
    assert "Oppgavekjøreren" not in teacher.get("/admin/").content.decode()
    WorkerHeartbeat.beat()
    assert "Oppgavekjøreren" not in coordinator.get("/admin/").content.decode()


def test_the_sweep_closes_task_rows_a_killed_worker_left_running(settings):
    settings.NOTIFICATION_LEASE_SECONDS = 300
    result = send_notification.enqueue(1)
    row = DBTaskResult.objects.get(pk=result.id)
    row.status = TaskResultStatus.RUNNING
    row.started_at = timezone.now() - timedelta(seconds=299)
    row.save()
    assert close_abandoned_task_rows() == 0
    DBTaskResult.objects.filter(pk=row.pk).update(
        started_at=timezone.now() - timedelta(seconds=301)
    )
    assert close_abandoned_task_rows() == 1
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.finished_at is not None
