"""Closed reports lose their personal data after the retention period; the figures stay."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from concerns.models import Report, ReportEvent
from concerns.tasks import purge_expired_reports, schedule
from tests.reports import stored_report

pytestmark = pytest.mark.django_db


def closed(days_ago, **overrides):
    report = stored_report("barnevernstjenesten", **overrides)
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.NOTE, detail="Ringte mor.")
    # The conversation, both ways: purged with the report.
    ReportEvent.objects.create(
        report=report, kind=ReportEvent.Kind.MESSAGE, detail="Saken er fulgt opp."
    )
    ReportEvent.objects.create(
        report=report, kind=ReportEvent.Kind.SENDER_MESSAGE, detail="Takk, det gikk bra."
    )
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.CLOSED,
        outcome=Report.Outcome.FOLLOWED_UP,
        closed_at=timezone.now() - timedelta(days=days_ago),
    )
    return report


@override_settings(REPORT_RETENTION_DAYS=730)
def test_purge_erases_personal_data_of_old_closed_reports_only(coordinator):
    old = closed(731, child_name="Kari Nordmann", reporter_name="Ola")
    recent = closed(700, child_name="Per Hansen")
    still_open = stored_report("barnevernstjenesten", child_name="Lise Berg")

    out = io.StringIO()
    call_command("purge_reports", stdout=out)
    assert "Erased the personal data of 1 report(s)" in out.getvalue()

    old.refresh_from_db()
    assert old.erased_at is not None
    for field in ["child_name", "reporter_name", "description"]:
        assert getattr(old, field) == ""
    assert set(old.events.values_list("detail", flat=True)) == {""}
    assert old.events.filter(kind__in=["message", "sender_message"]).count() == 2
    # What the anonymous figures need is kept.
    assert old.category == Report.Category.OTHER
    assert old.recipient.slug == "barnevernstjenesten"
    assert old.outcome == Report.Outcome.FOLLOWED_UP
    assert old.events.count() >= 2

    assert Report.objects.get(pk=recent.pk).child_name == "Per Hansen"
    assert Report.objects.get(pk=still_open.pk).child_name == "Lise Berg"

    with connection.cursor() as cursor:
        cursor.execute("SELECT description FROM concerns_report WHERE id = %s", [old.pk])
        assert cursor.fetchone() == ("",)

    html = coordinator.get("/admin/concerns/report/statistikk/").content.decode()
    assert "Barnevernstjenesten</td><td>3</td>" in html


def test_purge_is_idempotent():
    closed(800)
    call_command("purge_reports", stdout=io.StringIO())
    out = io.StringIO()
    call_command("purge_reports", stdout=out)
    assert "Erased the personal data of 0 report(s)" in out.getvalue()


@override_settings(REPORT_RETENTION_DAYS=30)
def test_retention_period_is_a_setting():
    report = closed(31)
    call_command("purge_reports", stdout=io.StringIO())
    assert Report.objects.get(pk=report.pk).erased_at is not None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrate_queues_the_daily_purge_and_each_run_books_the_next():
    purges = DBTaskResult.objects.filter(task_path="concerns.tasks.purge_expired_reports")
    # `migrate` (run for the test database) queued exactly one, due now.
    waiting = purges.get(status="READY")
    assert waiting.run_after <= timezone.now()
    schedule(purge_expired_reports)
    assert purges.filter(status="READY").count() == 1

    old = closed(731, child_name="Kari Nordmann")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    old.refresh_from_db()
    assert old.child_name == ""
    assert purges.get(pk=waiting.pk).status == "SUCCESSFUL"
    following = purges.get(status="READY")
    tomorrow = timezone.now() + timedelta(days=1)
    assert abs((following.run_after - tomorrow).total_seconds()) < 60
