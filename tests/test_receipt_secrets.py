"""Nothing stored lets anyone read or recompute a receipt code: not the session table, not
the report row with SECRET_KEY, not a report past its retention period."""

import contextlib
import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from concerns.models import Report
from concerns.receipts import receipt_code_for
from concerns.retention import reports_erase_expired
from concerns.tasks import sweep_notifications
from tests.reports import stored_report, valid_form

pytestmark = pytest.mark.django_db

FORM = "/bekymring/"
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def test_the_session_table_holds_neither_the_code_nor_the_reference(resident):
    resident.post(FORM, valid_form())
    report = Report.objects.get()
    page = resident.get("/bekymring/kvittering/").content.decode()
    code = CODE.search(page)
    assert code and report.reference in page
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_data FROM django_session")
        rows = [row[0] for row in cursor.fetchall()]
    assert len(rows) == 1
    readable = rows[0] + str(Session(session_data=rows[0]).get_decoded())
    assert code.group(0) not in readable
    assert report.reference not in readable


def test_the_stored_row_and_secret_key_cannot_give_the_code_back():
    report = stored_report()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM concerns_report WHERE id = %s", [report.pk])
        row = [str(value) for value in cursor.fetchone()]
    assert report.receipt_code not in " ".join(row)
    # The old derivation, from a stored key and SECRET_KEY, has nothing to start from.
    for value in row:
        with contextlib.suppress(ValueError):
            assert receipt_code_for(value) != report.receipt_code
    assert report.receipt_code_matches(report.receipt_code)


def test_the_code_hash_is_keyed_with_the_servers_secret():
    report = stored_report()
    with override_settings(SECRET_KEY="another-" + "x" * 50, SECRET_KEY_FALLBACKS=[]):
        assert not Report.objects.get(pk=report.pk).receipt_code_matches(report.receipt_code)


def test_the_retention_purge_leaves_no_receipt_behind(resident, settings):
    report = stored_report()
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.CLOSED,
        outcome=Report.Outcome.NO_ACTION,
        closed_at=timezone.now() - timedelta(days=settings.REPORT_RETENTION_DAYS + 1),
    )
    assert reports_erase_expired() == 1
    assert Report.objects.get(pk=report.pk).receipt_code_hash == ""
    answer = resident.post(
        "/bekymring/status/", {"reference": report.reference, "code": report.receipt_code}
    )
    assert "Vi fant ingen melding" in answer.content.decode()


def test_the_sweep_deletes_expired_sessions(resident):
    resident.post(FORM, valid_form())
    assert Session.objects.count() == 1
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    sweep_notifications.call()
    assert Session.objects.count() == 0
