"""What keeps case work fast with many reports (issue 12; figures in docs/performance.md):
the purge works in batches, and the access log shows the newest events first."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from concerns.models import Report, ReportEvent
from concerns.retention import reports_erase_expired
from tests.reports import stored_report

pytestmark = pytest.mark.django_db


def closed_long_ago(count):
    reports = [stored_report("barnevernstjenesten", child_name="Kari") for _ in range(count)]
    for report in reports:
        ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.NOTE, detail="Notat.")
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(
        status=Report.Status.CLOSED,
        outcome=Report.Outcome.NO_ACTION,
        closed_at=timezone.now() - timedelta(days=800),
    )
    return reports


def statements_to_erase(count, **options):
    closed_long_ago(count)
    with CaptureQueriesContext(connection) as captured:
        assert reports_erase_expired(**options) == count
    return len(captured.captured_queries)


def test_the_purge_takes_as_many_statements_for_many_reports_as_for_few():
    few = statements_to_erase(2)
    many = statements_to_erase(7)
    assert many == few
    assert not Report.objects.filter(erased_at__isnull=True, status=Report.Status.CLOSED).exists()
    assert set(ReportEvent.objects.values_list("detail", flat=True)) == {""}


def test_the_purge_erases_every_batch():
    reports = closed_long_ago(5)
    assert reports_erase_expired(batch_size=2) == 5
    for report in Report.objects.filter(pk__in=[r.pk for r in reports]):
        assert report.erased_at is not None
        assert report.child_name == report.description == ""
    assert reports_erase_expired(batch_size=2) == 0


def test_the_access_log_shows_the_newest_event_first(coordinator):
    old, new = stored_report("politiet"), stored_report("helsestasjonen")
    ReportEvent.objects.filter(report=old).update(at=timezone.now() - timedelta(days=30))
    html = coordinator.get("/admin/concerns/reportevent/").content.decode()
    assert html.index(new.reference) < html.index(old.reference)
