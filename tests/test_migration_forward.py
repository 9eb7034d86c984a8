"""A database at the last release's migrations moves to today's head with every row intact.

The release before the `guides` app and the confidential side's own models: the guides
lived in `concerns`, StaffMember and a unit's report-receiving settings in `levels`. The
test migrates the test database back to that release, fills it through the historical
models (edited content, a staff member with permissions, a report with encrypted fields,
its events and notification), migrates forward and reads everything back through
today's models and the raw tables.
"""

import hashlib
import uuid
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from concerns.encryption import decrypt
from concerns.models import Notification, Report, ReportEvent, StaffMember, UnitReporting
from concerns.receipts import hash_submission_key
from guides.models import Guide, GuideStep, WarningSignGroup

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SUBMISSION_KEY = uuid.uuid4()
LAST_RELEASE = [
    ("levels", "0005_unit_reports_about"),
    ("priorities", "0002_initial_content"),
    ("concerns", "0004_report_export_event"),
    ("guides", None),
    # The staff-login models came later; some point at the confidential side's models.
    ("slt_portal", None),
]


def migrate(targets):
    """Migrate our apps to `targets` (all apps to head if None); the models of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(targets or leaves)
    if not targets:
        return None
    ours = {app for app, _name in targets}
    nodes = [node for node in targets if node[1]]
    nodes += [node for node in leaves if node[0] not in ours]
    return executor.loader.project_state(nodes).apps


def fill_last_release(old):
    Unit = old.get_model("levels", "Unit")
    school = Unit.objects.get(slug="borkenes-skole")
    school.receives_reports = True
    school.reports_inbox = "skole@example.org"
    school.reports_about_nb = "Elever, endret"
    school.reports_about_en = "Pupils, edited"
    school.response_days = 5
    school.save()
    Guide = old.get_model("concerns", "Guide")
    guide = Guide.objects.get(slug="radikalisering")
    guide.title_nb = "Radikalisering (endret)"
    guide.save()
    step = old.get_model("concerns", "GuideStep").objects.filter(guide=guide).first()
    step.contacts.set([school])

    User = old.get_model("auth", "User")
    user = User.objects.create(username="laerer", is_staff=True)
    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    staff_type, _ = ContentType.objects.get_or_create(app_label="levels", model="staffmember")
    permission, _ = Permission.objects.get_or_create(
        content_type=staff_type, codename="view_staffmember", defaults={"name": "Can view"}
    )
    user.user_permissions.add(permission)
    member = old.get_model("levels", "StaffMember").objects.create(user=user, unit=school)

    Report = old.get_model("concerns", "Report")
    report = Report.objects.create(
        reference="SLT-2026-0001",
        # As the last release stored it: a plain SHA-256 of the code.
        receipt_code_hash=hashlib.sha256(b"ABCDEFGHJKLM").hexdigest(),
        submission_key=SUBMISSION_KEY,
        kind="report",
        reporter_role="professional",
        reporter_name="Kari Lærer",
        reporter_email="kari@example.org",
        child_age=12,
        child_name="Ola Nordmann",
        guardians_informed="no",
        category="other",
        description="Hemmelig beskrivelse ÆØÅ",
        recipient=school,
        due_date=date(2026, 12, 9),
        message_to_sender="Vi har mottatt meldingen.",
    )
    Event = old.get_model("concerns", "ReportEvent")
    Event.objects.create(report=report, actor=user, kind="note", detail="Internt notat")
    Event.objects.create(
        report=report, actor=user, kind="status_changed", detail="Ny → Under arbeid"
    )
    # A report whose message was set through case work: its event holds the text already.
    answered = Report.objects.create(
        reference="SLT-2026-0002",
        receipt_code_hash=hashlib.sha256(b"ABCDEFGHJKLN").hexdigest(),
        submission_key=uuid.uuid4(),
        kind="discussion",
        reporter_role="private",
        child_age=15,
        guardians_informed="unknown",
        category="priority_area",
        priority_area=old.get_model("priorities", "PriorityArea").objects.get(
            slug="rusforebygging"
        ),
        description="Drøfting",
        recipient=school,
        due_date=date(2026, 12, 9),
        message_to_sender="Andre versjon",
    )
    Event.objects.create(report=answered, actor=user, kind="message", detail="Første versjon")
    Event.objects.create(report=answered, actor=user, kind="message", detail="Andre versjon")
    old.get_model("concerns", "Notification").objects.create(
        report=report, unit=school, status="sent", sent_at=timezone.now()
    )
    return {
        "school": school.pk,
        "guide": guide.pk,
        "step": step.pk,
        "user": user.pk,
        "member": member.pk,
        "report": report.pk,
        "answered": answered.pk,
        "permission": permission.pk,
        "guides": Guide.objects.count(),
        "steps": old.get_model("concerns", "GuideStep").objects.count(),
        "signs": old.get_model("concerns", "WarningSignGroup").objects.count(),
        "units": Unit.objects.count(),
        "content_types": ContentType.objects.filter(app_label="concerns", model="guide")
        .values_list("pk", flat=True)
        .first(),
    }


def test_the_last_release_migrates_to_head_with_every_row_and_encrypted_value():
    old = migrate(LAST_RELEASE)
    before = fill_last_release(old)
    migrate(None)

    assert Guide.objects.count() == before["guides"]
    assert GuideStep.objects.count() == before["steps"]
    assert WarningSignGroup.objects.count() == before["signs"]
    assert Guide.objects.get(pk=before["guide"]).title_nb == "Radikalisering (endret)"
    step = GuideStep.objects.get(pk=before["step"])
    assert list(step.contacts.values_list("pk", flat=True)) == [before["school"]]

    assert UnitReporting.objects.count() == before["units"]
    reporting = UnitReporting.objects.get(unit_id=before["school"])
    assert (reporting.receives_reports, reporting.reports_inbox, reporting.response_days) == (
        True,
        "skole@example.org",
        5,
    )
    assert (reporting.reports_about_nb, reporting.reports_about_en) == (
        "Elever, endret",
        "Pupils, edited",
    )
    # The initial content's recipients are still recipients, with their texts.
    coordinator = UnitReporting.objects.get(unit__slug="slt-koordinator")
    assert coordinator.receives_reports and coordinator.reports_about_nb

    member = StaffMember.objects.get(pk=before["member"])
    assert (member.user_id, member.unit_id) == (before["user"], before["school"])
    assert member.user.user_permissions.filter(
        pk=before["permission"], content_type__app_label="concerns"
    ).exists()

    report = Report.objects.get(pk=before["report"])
    assert report.receipt_code_matches("ABCD-EFGH-JKLM")
    assert report.submission_key_hash == hash_submission_key(SUBMISSION_KEY)
    assert report.reporter_name == "Kari Lærer"
    assert report.child_name == "Ola Nordmann"
    assert report.description == "Hemmelig beskrivelse ÆØÅ"
    # The message column became the thread: every text is a message event, none twice.
    assert [e.detail for e in report.events.filter(kind="message")] == ["Vi har mottatt meldingen."]
    answered = Report.objects.get(pk=before["answered"])
    assert [e.detail for e in answered.events.filter(kind="message")] == [
        "Første versjon",
        "Andre versjon",
    ]
    assert ReportEvent.objects.get(report=report, kind="note").detail == "Internt notat"
    # The status history the sender sees, read from the old events' detail.
    assert report.events.get(kind="status_changed").new_status == "in_progress"
    # The topic each report's category and area map to.
    assert getattr(report.topic, "slug", None) == "annet"
    assert getattr(answered.topic, "slug", None) == "rus"
    assert (report.language, report.channel, report.notify_sender) == ("nb", "web", False)
    assert Notification.objects.get(report=report).status == "sent"

    with connection.cursor() as cursor:
        cursor.execute("SELECT description FROM concerns_report WHERE id = %s", [report.pk])
        (stored,) = cursor.fetchone()
        tables = set(connection.introspection.table_names(cursor))
    assert stored != "Hemmelig beskrivelse ÆØÅ"
    assert decrypt(stored) == "Hemmelig beskrivelse ÆØÅ"
    assert {"guides_guide", "guides_guidestep_contacts", "concerns_staffmember"} <= tables
    assert not {"concerns_guide", "levels_staffmember"} & tables
