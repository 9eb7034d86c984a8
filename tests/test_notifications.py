"""Durable notifications: the outbox row, the task, the worker, retries and the resend command."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from concerns.models import Notification, Report, ReportEvent
from tests.reports import stored_report, valid_form
from tests.smtp_sink import SmtpSink

# The worker closes and reopens database connections as it would in production, which a
# test wrapped in a transaction cannot survive: these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def notification_tasks():
    # The daily retention purge that `migrate` queued sits beside these in the same table.
    return DBTaskResult.objects.filter(task_path="concerns.tasks.send_notification")


def make_tasks_due():
    """Stand in for waiting out the back-off: every queued task and attempt is due now."""
    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=1))
    Notification.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))


@pytest.fixture
def sink():
    server = SmtpSink()
    server.start()
    with override_settings(MAILERS=server.mailers()):
        yield server
    server.stop()


def submit(resident, **overrides):
    response = resident.post("/bekymring/", valid_form(**overrides))
    assert response.status_code == 302
    return Report.objects.latest("pk")


def test_submission_queues_exactly_one_task(resident):
    submit(resident)
    assert notification_tasks().count() == 1


def test_worker_sends_a_mail_without_personal_data(resident, sink):
    report = submit(
        resident,
        recipient="barnevernstjenesten",
        reporter_role="professional",
        reporter_name="Lærer Larsen",
        reporter_title="Kontaktlærer",
        reporter_workplace="Borkenes skole",
        reporter_phone="99999999",
    )
    run_worker()

    assert len(sink.inbox.messages) == 1
    message = sink.inbox.messages[0]
    assert message["to"] == ["postmottak@kvafjord.kommune.no"]
    body = message["data"]
    assert report.reference in body
    assert f"/admin/concerns/report/{report.pk}/change/" in body
    for secret in [
        "Ola Nordmann",
        "Lærer Larsen",
        "Larsen",
        "99999999",
        "alkohol",
        "Rusforebyggende",
        "rusforebygging",
        "Borkenes skole",
    ]:
        assert secret not in body, secret

    notification = Notification.objects.get()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 1
    assert report.events.filter(kind=ReportEvent.Kind.NOTIFIED).count() == 1


def test_smtp_outage_is_retried_and_delivered_once_when_it_returns(resident, sink):
    sink.stop()
    report = submit(resident)
    run_worker()

    notification = Notification.objects.get()
    assert notification.status == Notification.Status.PENDING
    assert notification.attempts == 1
    assert "ConnectionRefusedError" in notification.last_error
    assert notification.next_attempt_at > timezone.now()
    retry = notification_tasks().filter(status="READY").get()
    assert retry.run_after > timezone.now()

    # Still down at the second attempt.
    make_tasks_due()
    run_worker()
    notification.refresh_from_db()
    assert notification.attempts == 2
    assert notification.status == Notification.Status.PENDING

    sink.start()
    make_tasks_due()
    run_worker()
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 3
    assert len(sink.inbox.messages) == 1
    assert report.events.filter(kind=ReportEvent.Kind.NOTIFIED).count() == 1

    # A late duplicate task changes nothing.
    call_command("resend_notifications", "--stuck-minutes", "0", verbosity=0)
    run_worker()
    assert len(sink.inbox.messages) == 1


@override_settings(NOTIFICATION_MAX_ATTEMPTS=2)
def test_after_the_last_attempt_the_notification_is_marked_failed(resident, sink):
    sink.stop()
    report = submit(resident)
    for _ in range(3):
        run_worker()
        make_tasks_due()
    notification = Notification.objects.get()
    assert notification.status == Notification.Status.FAILED
    assert notification.attempts == 2
    assert report.events.filter(kind=ReportEvent.Kind.NOTIFICATION_FAILED).count() == 1


def test_resend_command_requeues_a_notification_whose_task_was_lost():
    report = stored_report()
    notification_tasks().delete()  # the worker crashed with the task in hand
    Notification.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=30))

    call_command("resend_notifications", verbosity=0)
    assert notification_tasks().count() == 1
    run_worker()
    assert Notification.objects.get(report=report).status == Notification.Status.SENT
    assert len(mail.outbox) == 1


def test_resend_command_leaves_fresh_and_sent_notifications_alone():
    stored_report()
    notification_tasks().delete()
    call_command("resend_notifications", verbosity=0)
    assert notification_tasks().count() == 0


def test_receipt_does_not_depend_on_email(resident):
    with override_settings(
        MAILERS={
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
            }
        }
    ):
        report = submit(resident)
        assert report.reference in resident.get("/bekymring/kvittering/").content.decode()


def test_a_claim_left_by_a_dead_worker_is_taken_over_after_its_lease(sink):
    report = stored_report()
    notification_tasks().delete()
    # The worker claimed the row and died before it could send or record anything.
    Notification.objects.update(
        status=Notification.Status.SENDING,
        attempts=1,
        next_attempt_at=timezone.now() - timedelta(minutes=30),
    )
    call_command("resend_notifications", verbosity=0)
    run_worker()
    notification = Notification.objects.get(report=report)
    assert notification.status == Notification.Status.SENT
    assert len(sink.inbox.messages) == 1


def test_a_live_claim_is_left_alone():
    stored_report()
    notification_tasks().delete()
    Notification.objects.update(
        status=Notification.Status.SENDING, next_attempt_at=timezone.now() + timedelta(minutes=4)
    )
    call_command("resend_notifications", "--stuck-minutes", "0", verbosity=0)
    assert notification_tasks().count() == 0


def test_coordinator_retries_a_failed_notification_from_the_admin(coordinator, sink):
    report = stored_report()
    Notification.objects.update(status=Notification.Status.FAILED, attempts=8)
    notification_tasks().delete()
    notification = Notification.objects.get(report=report)
    response = coordinator.post(
        "/admin/concerns/notification/",
        {"action": "retry", "_selected_action": [notification.pk], "index": 0, "select_across": 0},
    )
    assert response.status_code == 302
    run_worker()
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 1
    assert len(sink.inbox.messages) == 1


@override_settings(NOTIFICATION_SWEEP_SECONDS=60)
def test_the_worker_itself_sweeps_up_a_notification_whose_task_was_lost(sink):
    report = stored_report()
    notification_tasks().delete()  # lost with a crashed worker
    Notification.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=2))
    sweeps = DBTaskResult.objects.filter(task_path="concerns.tasks.sweep_notifications")
    sweeps.update(run_after=timezone.now() - timedelta(seconds=1))

    run_worker()

    assert Notification.objects.get(report=report).status == Notification.Status.SENT
    assert len(sink.inbox.messages) == 1
    # The sweep booked its next run.
    following = sweeps.get(status="READY")
    assert following.run_after > timezone.now() + timedelta(seconds=30)
