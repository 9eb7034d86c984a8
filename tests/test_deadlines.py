"""Deadlines that remind: the units' rules, the reminders before and on the day, the
coordinator's daily summary, and a deadline changed with its reason.

The reminders are recorded in the outbox before they are sent, under a unique constraint,
so a second run of the daily task, or one after a worker's restart, queues nothing new.
"""

import uuid
import zoneinfo
from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from concerns.models import Notification, Report, ReportEvent, UnitReporting
from concerns.models.deadlines import LAW, Deadline
from concerns.notifications import deadline_reminders_due, notification_deliver
from concerns.services import (
    report_change_deadline,
    report_forward,
    report_update_case,
)
from concerns.tasks import next_morning, send_deadline_reminders, start_repeating_tasks
from levels.models import Unit
from tests.reports import stored_report
from tests.test_report_admin import case_form

pytestmark = pytest.mark.django_db

REMINDERS = Notification.objects.filter(kind__in=Notification.REMINDERS)
SUMMARIES = Notification.objects.filter(kind=Notification.Kind.OVERDUE_SUMMARY)
SECRETS = ["Kari Nordmann", "Hemmelig beskrivelse", "Lærer Larsen", "larsen@example.org"]


def today():
    return timezone.localdate()


def _set(report, **fields):
    Report.objects.filter(pk=report.pk).update(**fields)
    report.refresh_from_db()
    return report


def deliver(notifications):
    for notification in notifications:
        notification_deliver(notification_id=notification.pk)


def sent_mail():
    """The one e-mail sent: its subject, its text and its HTML."""
    (sent,) = mail.outbox
    assert isinstance(sent, EmailMultiAlternatives)
    html = sent.alternatives[0][0]
    assert isinstance(html, str)
    return sent, str(sent.subject), str(sent.body), html


def run_daily_task():
    """The task as the worker runs it, called directly."""
    return send_deadline_reminders.call()


# The rules


def test_the_units_get_the_laws_deadlines_by_default():
    child_welfare = UnitReporting.objects.get(unit__slug="barnevernstjenesten")
    assert (child_welfare.response_days, child_welfare.feedback_days) == (7, 21)
    assert child_welfare.rule == LAW
    for reporting in UnitReporting.objects.all():
        assert reporting.feedback_days == 21
        assert reporting.reminder_days_before == 2


def test_a_new_report_gets_both_deadlines_from_its_units_rules():
    UnitReporting.objects.filter(unit__slug="borkenes-skole").update(
        response_days=5, feedback_days=14
    )
    report = stored_report("borkenes-skole")
    assert report.due_date == today() + timedelta(days=5)
    assert report.feedback_due_date == today() + timedelta(days=14)
    assert report.next_deadline == (Deadline.REVIEW, report.due_date)


def test_child_welfare_may_not_go_beyond_the_law():
    reporting = UnitReporting.objects.get(unit__slug="barnevernstjenesten")
    reporting.response_days, reporting.feedback_days = 10, 30
    with pytest.raises(ValidationError) as refused:
        reporting.full_clean()
    assert set(refused.value.message_dict) == {"response_days", "feedback_days"}
    school = UnitReporting.objects.get(unit__slug="borkenes-skole")
    school.response_days, school.feedback_days = 10, 30
    school.full_clean()  # no law binds the school's own deadlines


def test_the_coordinator_edits_a_units_rules_on_its_page(coordinator):
    from tests.test_admin_content import unit_form

    response = coordinator.post(
        "/admin/levels/unit/add/",
        unit_form(
            **{
                "reporting-0-receives_reports": "on",
                "reporting-0-reports_inbox": "ny@example.org",
                "reporting-0-response_days": "3",
                "reporting-0-feedback_days": "10",
                "reporting-0-reminder_days_before": "1",
            }
        ),
    )
    assert response.status_code == 302
    rule = UnitReporting.objects.get(unit__slug="ny-skole").rule
    assert (rule.review_days, rule.feedback_days, rule.reminder_days_before) == (3, 10, 1)
    page = coordinator.get(f"/admin/levels/unit/{Unit.objects.get(slug='ny-skole').pk}/change/")
    assert "Frist for svar til avsender (dager)" in page.content.decode()


# When a deadline is met


def test_a_deadline_is_met_by_the_review_and_by_the_first_message(coordinator_user):
    report = stored_report("barnevernstjenesten")
    assert [deadline for deadline, _day in report.pending_deadlines()] == [
        Deadline.REVIEW,
        Deadline.FEEDBACK,
    ]
    report_update_case(
        report=report,
        actor=coordinator_user,
        status=Report.Status.RECEIVED,
        outcome="",
        assignee=None,
    )
    report.refresh_from_db()
    assert report.pending_deadlines() == [(Deadline.FEEDBACK, report.feedback_due_date)]
    report_update_case(
        report=report,
        actor=coordinator_user,
        status=Report.Status.RECEIVED,
        outcome="",
        assignee=None,
        message="Vi har mottatt meldingen og ser på den.",
    )
    report.refresh_from_db()
    assert report.answered_at is not None
    assert report.pending_deadlines() == []
    # Met is met: passing dates make nothing overdue.
    _set(report, due_date=today() - timedelta(days=9), feedback_due_date=today())
    assert not Report.objects.overdue(today() + timedelta(days=1)).filter(pk=report.pk).exists()


def test_a_forward_gives_the_new_unit_its_own_deadlines(coordinator_user):
    report = _set(stored_report("slt-koordinator"), created_at=timezone.now() - timedelta(days=5))
    report_forward(
        report=report, to_unit=Unit.objects.get(slug="barnevernstjenesten"), actor=coordinator_user
    )
    report.refresh_from_db()
    assert report.due_date == today() + timedelta(days=7)
    assert report.feedback_due_date == today() + timedelta(days=21)


# Reminders


def test_a_reminder_goes_to_the_units_inbox_before_a_deadline_without_content():
    report = stored_report("barnevernstjenesten", reporter_email="larsen@example.org")
    _set(report, due_date=today() + timedelta(days=2))
    assert run_daily_task() == 1
    reminder = REMINDERS.get()
    assert (reminder.kind, reminder.deadline, reminder.deadline_date) == (
        Notification.Kind.DEADLINE_SOON,
        Deadline.REVIEW,
        report.due_date,
    )
    assert reminder.unit.slug == "barnevernstjenesten"
    mail.outbox.clear()
    deliver([reminder])
    sent, subject, text, html = sent_mail()
    inbox = UnitReporting.objects.get(unit__slug="barnevernstjenesten").reports_inbox
    assert sent.to == [inbox]
    body = text + html
    assert report.reference in subject and report.reference in body
    assert f"/admin/concerns/report/{report.pk}/change/" in body
    assert report.due_date.strftime("%d.%m.%Y") in body
    for secret in SECRETS:
        assert secret not in body and secret not in subject
    (told,) = [
        event.detail
        for event in report.events.filter(kind=ReportEvent.Kind.NOTIFIED)
        if "påminnelse" in event.detail  # the detail is encrypted: read, not queried
    ]
    assert told == f"Barnevernstjenesten (påminnelse om frist {report.due_date:%d.%m.%Y})"


def test_a_reminder_goes_on_the_day_the_deadline_ends():
    report = _set(
        stored_report("borkenes-skole"), status=Report.Status.IN_PROGRESS, feedback_due_date=today()
    )
    assert run_daily_task() == 1
    reminder = REMINDERS.get()
    assert (reminder.kind, reminder.deadline) == (
        Notification.Kind.DEADLINE_TODAY,
        Deadline.FEEDBACK,
    )
    mail.outbox.clear()
    deliver([reminder])
    _sent, subject, text, _html = sent_mail()
    assert "i dag" in subject.lower() and report.reference in subject
    assert "svare avsenderen" in text


def test_no_reminder_for_a_deadline_far_off_met_or_of_a_closed_report(coordinator_user):
    _set(stored_report("borkenes-skole"), due_date=today() + timedelta(days=3))  # lead is 2
    met = _set(stored_report("borkenes-skole"), status=Report.Status.RECEIVED, due_date=today())
    _set(met, answered_at=timezone.now(), feedback_due_date=today())
    _set(
        stored_report("helsestasjonen"),
        status=Report.Status.CLOSED,
        outcome=Report.Outcome.NO_ACTION,
        due_date=today(),
        feedback_due_date=today(),
    )
    assert deadline_reminders_due(today=today()) == []
    assert run_daily_task() == 0


def test_the_lead_is_the_units_and_zero_means_on_the_day_only():
    UnitReporting.objects.filter(unit__slug="borkenes-skole").update(reminder_days_before=0)
    UnitReporting.objects.filter(unit__slug="helsestasjonen").update(reminder_days_before=5)
    school = _set(stored_report("borkenes-skole"), due_date=today() + timedelta(days=1))
    health = _set(stored_report("helsestasjonen"), due_date=today() + timedelta(days=5))
    run_daily_task()
    assert set(REMINDERS.values_list("report_id", flat=True)) == {health.pk}
    _set(school, due_date=today())
    run_daily_task()
    assert REMINDERS.get(report=school).kind == Notification.Kind.DEADLINE_TODAY


def test_no_reminder_twice_even_after_a_restart():
    soon = _set(stored_report("barnevernstjenesten"), due_date=today() + timedelta(days=1))
    due = _set(stored_report("borkenes-skole"), due_date=today())
    _set(stored_report("politiet"), due_date=today() - timedelta(days=1))  # for the summary
    assert run_daily_task() == 3  # two reminders and the summary
    recorded = list(Notification.objects.filter(kind__in=[*Notification.REMINDERS]).order_by("pk"))
    # The worker dies before sending any of them, and starts again: the task runs again,
    # the same day, and a third time later that day.
    assert run_daily_task() == 0
    assert run_daily_task() == 0
    assert list(REMINDERS.order_by("pk")) == recorded
    assert SUMMARIES.count() == 1
    # Two workers racing: the outbox row is the record, and the database refuses a second.
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            report=soon,
            unit=soon.recipient,
            kind=Notification.Kind.DEADLINE_SOON,
            deadline=Deadline.REVIEW,
            deadline_date=soon.due_date,
        )
    # The next day: the reminder "ends today" for the one that was soon, nothing again for
    # the one whose day has passed; it is overdue, for the summary.
    tomorrow = today() + timedelta(days=1)
    assert {(r.report_id, r.kind) for r in deadline_reminders_due(today=tomorrow)} == {
        (soon.pk, Notification.Kind.DEADLINE_TODAY)
    }
    assert due.pk in set(Report.objects.overdue(tomorrow).values_list("pk", flat=True))


def test_a_changed_deadline_is_reminded_of_afresh(coordinator_user):
    report = _set(stored_report("barnevernstjenesten"), due_date=today() + timedelta(days=1))
    run_daily_task()
    report_change_deadline(
        report=report,
        actor=coordinator_user,
        due_date=today() + timedelta(days=2),
        reason="Venter på opplysninger fra skolen.",
    )
    assert run_daily_task() == 1
    assert list(REMINDERS.order_by("deadline_date").values_list("deadline_date", flat=True)) == [
        today() + timedelta(days=1),
        today() + timedelta(days=2),
    ]


def test_a_unit_without_an_inbox_is_not_reminded():
    report = _set(stored_report("borkenes-skole"), due_date=today())
    UnitReporting.objects.filter(unit=report.recipient).update(
        receives_reports=False, reports_inbox=""
    )
    assert run_daily_task() == 0


# The coordinator's daily summary


def test_the_coordinator_gets_a_daily_summary_of_overdue_reports_with_counts_and_references():
    late = [
        _set(
            stored_report(slug, reporter_email="larsen@example.org"),
            due_date=today() - timedelta(days=3),
        )
        for slug in ["barnevernstjenesten", "barnevernstjenesten", "borkenes-skole"]
    ]
    on_time = stored_report("helsestasjonen")
    assert run_daily_task() == 1
    summary = SUMMARIES.get()
    assert summary.report is None and summary.deadline_date == today()
    assert summary.unit.slug == "slt-koordinator"
    mail.outbox.clear()
    events = ReportEvent.objects.count()
    deliver([summary])
    sent, subject, body, html = sent_mail()
    assert sent.to == [UnitReporting.objects.get(unit__slug="slt-koordinator").reports_inbox]
    assert subject.startswith("3 saker over fristen")
    assert "Barnevernstjenesten: 2" in body and "Borkenes skole: 1" in body
    for report in late:
        assert report.reference in body and report.reference in html
    assert on_time.reference not in body
    assert "?frist=overdue" in body
    for secret in SECRETS:
        assert secret not in body and secret not in html
    summary.refresh_from_db()
    assert summary.status == Notification.Status.SENT
    # The summary is about no one report: no timeline gets an event for it.
    assert ReportEvent.objects.count() == events
    assert run_daily_task() == 0  # once a day


def test_no_summary_when_nothing_is_overdue():
    stored_report("barnevernstjenesten")
    run_daily_task()
    assert not SUMMARIES.exists()


def test_a_summary_that_cannot_be_sent_fails_like_any_notification(settings):
    _set(stored_report("barnevernstjenesten"), due_date=today() - timedelta(days=1))
    run_daily_task()
    summary = SUMMARIES.get()
    settings.NOTIFICATION_MAX_ATTEMPTS = 1
    settings.MAILERS = {"default": {"BACKEND": "tests.test_deadlines.RefusingBackend"}}
    notification_deliver(notification_id=summary.pk)
    summary.refresh_from_db()
    assert summary.status == Notification.Status.FAILED
    from concerns.health import problems

    assert "notification failed" in [problem.code for problem in problems()]


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is away")


# The daily task's chain


def test_the_daily_task_is_started_by_migrate_and_books_the_next_morning():
    runs = DBTaskResult.objects.filter(task_path="concerns.tasks.send_deadline_reminders")
    assert runs.filter(status="READY").count() == 1  # queued by migrate
    start_repeating_tasks(sender=None)
    assert runs.filter(status="READY").count() == 1
    runs.delete()
    run_daily_task()
    following = runs.get(status="READY")
    assert following.run_after == next_morning()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_runs_the_daily_task_and_sends_its_reminders():
    report = _set(stored_report("barnevernstjenesten"), due_date=today())
    mail.outbox.clear()
    # The run `migrate` queued is due now; the worker runs it, then the reminder it queued.
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    reminder = REMINDERS.get(report=report)
    assert reminder.status == Notification.Status.SENT
    subjects = [str(message.subject) for message in mail.outbox]
    assert f"Fristen går ut i dag for {report.reference}" in subjects
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert REMINDERS.count() == 1


def test_the_next_morning_is_six_oclock_local_time_across_summer_time():
    oslo = zoneinfo.ZoneInfo("Europe/Oslo")
    # The night summer time begins (29 March 2026) and the one it ends (25 October 2026).
    for night in [date(2026, 3, 28), date(2026, 10, 24)]:
        evening = datetime(night.year, night.month, night.day, 22, 0, tzinfo=oslo)
        morning = timezone.localtime(next_morning(evening))
        assert (morning.date(), morning.hour, morning.minute) == (
            night + timedelta(days=1),
            6,
            0,
        )
    early = datetime(2026, 6, 1, 5, 0, tzinfo=oslo)
    assert timezone.localtime(next_morning(early)).date() == date(2026, 6, 1)


# A changed deadline


def test_a_changed_deadline_needs_a_reason_and_leaves_an_event(coordinator_user):
    report = stored_report("barnevernstjenesten")
    before = report.due_date
    with pytest.raises(ValidationError):
        report_change_deadline(
            report=report, actor=coordinator_user, due_date=before + timedelta(days=3), reason=" "
        )
    report.refresh_from_db()
    assert report.due_date == before
    assert not report.events.filter(kind=ReportEvent.Kind.DEADLINE_CHANGED).exists()

    changed = report_change_deadline(
        report=report,
        actor=coordinator_user,
        due_date=before + timedelta(days=3),
        reason="Venter på opplysninger fra skolen.",
    )
    assert changed
    report.refresh_from_db()
    assert report.due_date == before + timedelta(days=3)
    event = report.events.get(kind=ReportEvent.Kind.DEADLINE_CHANGED)
    assert event.actor == coordinator_user
    assert event.detail == (
        f"Frist for gjennomgang: {before:%d.%m.%Y} → {report.due_date:%d.%m.%Y}\n"
        "Begrunnelse: Venter på opplysninger fra skolen."
    )
    # The same date again changes nothing and records nothing.
    assert not report_change_deadline(
        report=report, actor=coordinator_user, due_date=report.due_date, reason="Igjen."
    )
    assert report.events.filter(kind=ReportEvent.Kind.DEADLINE_CHANGED).count() == 1


def change_url(report):
    return f"/admin/concerns/report/{report.pk}/change/"


def test_unit_staff_change_a_deadline_on_the_report_page_with_a_reason(child_welfare):
    report = stored_report("barnevernstjenesten")
    later = report.feedback_due_date + timedelta(days=7)
    form = case_form(report, message_key=str(uuid.uuid4()))
    refused = child_welfare.post(
        change_url(report), {**form, "new_feedback_due_date": f"{later:%d.%m.%Y}"}
    )
    assert refused.status_code == 200
    assert "Skriv hvorfor fristen endres." in refused.content.decode()
    report.refresh_from_db()
    assert report.feedback_due_date != later

    saved = child_welfare.post(
        change_url(report),
        {
            **form,
            "new_due_date": f"{report.due_date:%d.%m.%Y}",  # unchanged
            "new_feedback_due_date": f"{later:%d.%m.%Y}",
            "deadline_reason": "Avsenderen er på ferie.",
        },
    )
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.feedback_due_date == later
    (event,) = report.events.filter(kind=ReportEvent.Kind.DEADLINE_CHANGED)
    assert event.detail.startswith("Frist for svar til avsender:")
    assert "Avsenderen er på ferie." in event.detail
    timeline = child_welfare.get(change_url(report)).content.decode()
    assert "Frist endret" in timeline and "Avsenderen er på ferie." in timeline


def test_a_deadline_before_the_report_came_is_refused(coordinator):
    report = stored_report("borkenes-skole")
    day = timezone.localtime(report.created_at).date() - timedelta(days=1)
    response = coordinator.post(
        change_url(report),
        {**case_form(report), "new_due_date": f"{day:%d.%m.%Y}", "deadline_reason": "Feil."},
    )
    assert response.status_code == 200
    assert "Fristen kan ikke være før meldingen kom" in response.content.decode()
    assert not report.events.filter(kind=ReportEvent.Kind.DEADLINE_CHANGED).exists()


def test_the_sender_never_sees_a_deadline_change(resident, coordinator_user):
    report = stored_report("barnevernstjenesten")
    report_change_deadline(
        report=report,
        actor=coordinator_user,
        due_date=report.due_date + timedelta(days=1),
        reason="Intern grunn som avsenderen ikke skal se.",
    )
    page = resident.post(
        "/bekymring/status/", {"reference": report.reference, "code": report.receipt_code}
    )
    assert "Intern grunn" not in page.content.decode()


# The migration, on a database with units and reports in it


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_keeps_the_review_days_and_gives_each_report_its_feedback_deadline():
    from tests.test_migration_dialogue import head, migrate, old_report

    latest = head()
    old = migrate([("concerns", "0011_messages_become_events")])
    OldReporting = old.get_model("concerns", "UnitReporting")
    OldEvent = old.get_model("concerns", "ReportEvent")
    OldReporting.objects.filter(unit__slug="borkenes-skole").update(response_days=5)
    received = datetime(2026, 11, 2, 23, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Oslo"))
    school = old_report(
        old,
        "SLT-2026-0001",
        recipient=old.get_model("levels", "Unit").objects.get(slug="borkenes-skole"),
        created_at=received,
    )
    asked = old_report(old, "SLT-2026-0002", created_at=received)
    first = OldEvent.objects.create(
        report=asked, kind="message", detail="Første", at=received + timedelta(days=1)
    )
    OldEvent.objects.create(
        report=asked, kind="message", detail="Andre", at=received + timedelta(days=2)
    )

    migrate(latest)
    school_rules = UnitReporting.objects.get(unit__slug="borkenes-skole")
    assert (school_rules.response_days, school_rules.feedback_days) == (5, 21)  # kept, seeded
    assert UnitReporting.objects.get(unit__slug="barnevernstjenesten").rule == LAW
    school_report, asked_report = Report.objects.get(pk=school.pk), Report.objects.get(pk=asked.pk)
    # Counted from the local day it came in (late on 2 November in Oslo).
    assert school_report.feedback_due_date == date(2026, 11, 23)
    assert school_report.answered_at is None
    assert asked_report.answered_at == first.at
    assert asked_report.due_date == date(2026, 12, 9)  # untouched

    # Backwards, and forwards again, without a loss.
    migrate([("concerns", "0011_messages_become_events")])
    migrate(latest)
    assert UnitReporting.objects.get(unit__slug="borkenes-skole").response_days == 5
