"""The personal fields of a report are encrypted in the database, and keys can be rotated."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from concerns.encryption import DecryptionError, encrypted_fields
from concerns.models import Report, ReportEvent
from tests.reports import stored_report

pytestmark = pytest.mark.django_db

# The same list the erasure and rotation use; checked against the fields the form collects.
PERSONAL = encrypted_fields(Report)


def raw_row(report):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(PERSONAL)} FROM concerns_report WHERE id = %s", [report.pk]
        )
        return dict(zip(PERSONAL, cursor.fetchone(), strict=True))


def full_report():
    report = stored_report(
        "barnevernstjenesten",
        reporter_role=Report.ReporterRole.PROFESSIONAL,
        reporter_name="Lærer Larsen",
        reporter_title="Kontaktlærer",
        reporter_workplace="Borkenes skole",
        reporter_phone="99 88 77 66",
        reporter_email="larsen@example.org",
        child_name="Kari Nordmann",
        child_school="Borkenes skole",
        description="Kari har blå merker på armene.",
    )
    ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.NOTE, detail="Ringte mor.")
    # The conversation: each message, either way, is an event with its text in the detail.
    ReportEvent.objects.create(
        report=report, kind=ReportEvent.Kind.MESSAGE, detail="Vi følger opp."
    )
    ReportEvent.objects.create(
        report=report, kind=ReportEvent.Kind.SENDER_MESSAGE, detail="Hun har blåmerker igjen."
    )
    return report


def test_every_personal_field_is_encrypted():
    assert set(PERSONAL) == {
        "reporter_name",
        "reporter_title",
        "reporter_workplace",
        "reporter_phone",
        "reporter_email",
        "child_name",
        "child_school",
        "description",
    }
    assert encrypted_fields(ReportEvent) == ["detail"]


def test_the_database_holds_no_plaintext_of_personal_fields():
    report = full_report()
    raw = raw_row(report)
    dump = " ".join(raw.values())
    for secret in [
        "Larsen",
        "Kontaktlærer",
        "Borkenes",
        "99 88 77 66",
        "larsen@",
        "Kari",
        "blå merker",
    ]:
        assert secret not in dump
    assert all(value.startswith("gAAAAA") for value in raw.values())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT detail FROM concerns_reportevent"
            " WHERE kind IN ('note', 'message', 'sender_message')"
        )
        details = [row[0] for row in cursor.fetchall()]
    assert len(details) == 3
    for detail in details:
        assert detail.startswith("gAAAAA")
        assert "Ringte" not in detail and "følger opp" not in detail and "blåmerker" not in detail


def test_the_application_reads_plaintext():
    report = Report.objects.get(pk=full_report().pk)
    assert report.child_name == "Kari Nordmann"
    assert report.description == "Kari har blå merker på armene."
    assert report.events.get(kind="note").detail == "Ringte mor."
    assert report.events.get(kind="sender_message").detail == "Hun har blåmerker igjen."


def test_staff_see_plaintext_in_the_admin(child_welfare):
    report = full_report()
    html = child_welfare.get(f"/admin/concerns/report/{report.pk}/change/").content.decode()
    assert "Kari har blå merker på armene." in html
    assert "Ringte mor." in html


def test_empty_fields_stay_empty_so_the_anonymity_rules_hold():
    report = stored_report(kind=Report.Kind.DISCUSSION, child_name="")
    assert raw_row(report)["child_name"] == ""


def test_a_missing_key_fails_loudly_instead_of_showing_ciphertext():
    report = full_report()
    other_key = Fernet.generate_key().decode()
    with (
        override_settings(FIELD_ENCRYPTION_KEYS=[other_key]),
        pytest.raises(DecryptionError, match=r"concerns\.Report"),
    ):
        Report.objects.get(pk=report.pk)


def test_rotation_re_encrypts_every_row_with_the_new_key(settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    report = full_report()
    before = raw_row(report)
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key, old_key]):
        out = io.StringIO()
        call_command("rotate_field_keys", stdout=out)
        assert "concerns.Report: re-encrypted 1 row(s)." in out.getvalue()
    after = raw_row(report)
    assert all(after[name] != before[name] for name in PERSONAL)
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key]):
        rotated = Report.objects.get(pk=report.pk)
        assert rotated.child_name == "Kari Nordmann"
        assert rotated.events.get(kind="note").detail == "Ringte mor."
