"""The dialogue's migrations (concerns 0010, 0011) on a database with reports already in it.

The single "message to the sender" column becomes message events without losing a text or
storing one twice; old status events get their new status; each report gets the topic its
category and area map to; existing staff get the new permissions. Backwards, the column
comes back with each report's latest message.
"""

import hashlib
import uuid
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from concerns.models import Report, ReportEvent

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("concerns", "0009_submission_key_hash")]


def migrate(targets):
    """Migrate concerns to `targets`; the models of that state, every other app at head."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "concerns"]
    return executor.loader.project_state([*targets, *others]).apps


def head():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return [node for node in executor.loader.graph.leaf_nodes() if node[0] == "concerns"]


def old_report(old, reference, **fields):
    Report = old.get_model("concerns", "Report")
    Unit = old.get_model("levels", "Unit")
    defaults = {
        "receipt_code_hash": hashlib.sha256(reference.encode()).hexdigest(),
        "submission_key_hash": hashlib.sha256(uuid.uuid4().bytes).hexdigest(),
        "kind": "report",
        "reporter_role": "private",
        "child_age": 12,
        "guardians_informed": "no",
        "category": "other",
        "description": "Beskrivelse",
        "recipient": Unit.objects.get(slug="barnevernstjenesten"),
        "due_date": date(2026, 12, 9),
    }
    return Report.objects.create(reference=reference, **{**defaults, **fields})


def test_messages_become_events_and_reports_get_topics_statuses_and_permissions():
    old = migrate(BEFORE)
    Event = old.get_model("concerns", "ReportEvent")
    User = old.get_model("auth", "User")
    coordinator = User.objects.create(username="koordinator", is_staff=True)
    teacher = User.objects.create(username="laerer", is_staff=True)
    Unit = old.get_model("levels", "Unit")
    StaffMember = old.get_model("concerns", "StaffMember")
    StaffMember.objects.create(
        user=coordinator, unit=Unit.objects.get(slug="slt-koordinator"), is_coordinator=True
    )
    StaffMember.objects.create(user=teacher, unit=Unit.objects.get(slug="borkenes-skole"))

    # Set outside the case work: no event holds it yet.
    direct = old_report(old, "SLT-2026-0001", message_to_sender="Satt direkte.")
    Event.objects.create(report=direct, kind="submitted")
    # Set through the case work twice: the events hold both versions, the column the last.
    worked = old_report(
        old,
        "SLT-2026-0002",
        message_to_sender="Andre versjon",
        category="radicalisation",
    )
    Event.objects.create(report=worked, actor=coordinator, kind="message", detail="Første versjon")
    Event.objects.create(report=worked, actor=coordinator, kind="message", detail="Andre versjon")
    Event.objects.create(
        report=worked, actor=coordinator, kind="status_changed", detail="Ny → Mottatt"
    )
    Event.objects.create(
        report=worked,
        actor=coordinator,
        kind="status_changed",
        detail="Mottatt → Avsluttet (Råd gitt)",
    )
    area = old.get_model("priorities", "PriorityArea").objects.get(slug="vold-og-overgrep")
    silent = old_report(old, "SLT-2026-0003", category="priority_area", priority_area=area)

    migrate(head())

    direct_now = Report.objects.get(pk=direct.pk)
    assert [e.detail for e in direct_now.events.filter(kind="message")] == ["Satt direkte."]
    worked_now = Report.objects.get(pk=worked.pk)
    assert [e.detail for e in worked_now.events.filter(kind="message")] == [
        "Første versjon",
        "Andre versjon",
    ]
    assert not Report.objects.get(pk=silent.pk).events.filter(kind="message").exists()
    assert list(
        worked_now.events.filter(kind="status_changed").values_list("new_status", flat=True)
    ) == ["received", "closed"]
    assert direct_now.events.get(kind="submitted").new_status == "new"

    assert getattr(direct_now.topic, "slug", None) == "annet"
    assert getattr(worked_now.topic, "slug", None) == "radikalisering"
    assert getattr(Report.objects.get(pk=silent.pk).topic, "slug", None) == "vold-eller-overgrep"
    assert "message_to_sender" not in {
        column.name
        for column in connection.introspection.get_table_description(
            connection.cursor(), "concerns_report"
        )
    }

    from django.contrib.auth.models import User as CurrentUser

    assert CurrentUser.objects.get(username="koordinator").has_perm("concerns.change_topic")
    teacher_now = CurrentUser.objects.get(username="laerer")
    assert teacher_now.has_perm("concerns.add_report")
    assert not teacher_now.has_perm("concerns.change_topic")

    # Backwards: the column comes back with each report's latest message.
    back = migrate(BEFORE)
    OldReport = back.get_model("concerns", "Report")
    assert OldReport.objects.get(pk=worked.pk).message_to_sender == "Andre versjon"
    assert OldReport.objects.get(pk=direct.pk).message_to_sender == "Satt direkte."
    assert OldReport.objects.get(pk=silent.pk).message_to_sender == ""
    migrate(head())
    assert ReportEvent.objects.filter(report_id=worked.pk, kind="message").count() == 2
