"""Creating staff accounts, and the anonymous statistics for Politirådet."""

import csv
import io
from datetime import datetime

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import CommandError, call_command
from django.utils import timezone

from concerns.models import Report, StaffMember
from tests.reports import stored_report

pytestmark = pytest.mark.django_db

STRONG = "Korrekt-hest-batteri-9"


def test_add_staff_creates_a_unit_account(monkeypatch):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", STRONG)
    out = io.StringIO()
    call_command("add_staff", "lærer2", "--unit", "borkenes-skole", stdout=out)
    user = User.objects.get(username="lærer2")
    assert user.is_staff and not user.is_superuser
    assert user.check_password(STRONG)
    assert user.password.startswith("argon2$")
    assert user.has_perm("concerns.change_report")
    assert not user.has_perm("priorities.change_priorityarea")
    member = StaffMember.objects.get(user=user)
    assert member.unit.slug == "borkenes-skole" and not member.is_coordinator
    assert "Borkenes skole" in out.getvalue()


def test_add_staff_coordinator_can_edit_content(monkeypatch):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", STRONG)
    call_command(
        "add_staff", "koord2", "--unit", "slt-koordinator", "--coordinator", stdout=io.StringIO()
    )
    user = User.objects.get(username="koord2")
    assert user.has_perm("priorities.change_priorityarea")
    assert user.has_perm("concerns.view_notification")
    assert StaffMember.objects.get(user=user).is_coordinator


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["x", "--unit", "finnes-ikke"], STRONG, "No unit with slug 'finnes-ikke'"),
        # Django's password validator, in the active language (Norwegian: locale/nb).
        (["x", "--unit", "borkenes-skole"], "kort", "too short|for kort"),
        (["x", "--unit", "ungdomsradet"], STRONG, "does not receive concern reports"),
    ],
)
def test_add_staff_refuses_bad_input(monkeypatch, args, password, message):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", password)
    with pytest.raises(CommandError, match=message):
        call_command(*["add_staff", *args], stdout=io.StringIO())
    assert not User.objects.filter(username="x").exists()


def make_reports(count, recipient, month):
    for _ in range(count):
        report = stored_report(recipient, category=Report.Category.RADICALISATION)
        created = timezone.make_aware(datetime(2026, month, 15, 12))
        Report.objects.filter(pk=report.pk).update(created_at=created)


def test_statistics_count_each_dimension_and_hide_rows_below_three(coordinator):
    make_reports(4, "politiet", 9)
    make_reports(2, "borkenes-skole", 9)
    make_reports(1, "helsestasjonen", 10)
    html = coordinator.get("/admin/concerns/report/statistikk/").content.decode()
    # Per month: September has 6, October 1 (hidden).
    assert "<td>2026-09</td><td>6</td>" in html
    assert "2026-10</td>" not in html
    # Per category: all 7 are radicalisation.
    assert "<td>Radikalisering eller voldelig ekstremisme</td><td>7</td>" in html
    # Per recipient: the police's 4 show; the school's 2 and the health station's 1 do not.
    assert "<td>Politiet, Harstad politistasjon</td><td>4</td>" in html
    assert "Borkenes skole</td>" not in html
    assert "2 rader med færre enn 3 meldinger er skjult." in html
    assert "<svg" in html


def test_statistics_csv_has_the_same_rows(coordinator):
    make_reports(3, "politiet", 10)
    make_reports(1, "helsestasjonen", 10)
    response = coordinator.get("/admin/concerns/report/statistikk.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["table", "label", "count"],
        ["month", "2026-10", "4"],
        ["category", "Radikalisering eller voldelig ekstremisme", "4"],
        ["recipient", "Politiet, Harstad politistasjon", "3"],
    ]


def test_the_case_list_links_to_statistics_for_the_coordinator_only(coordinator, teacher):
    assert (
        "/admin/concerns/report/statistikk/"
        in coordinator.get("/admin/concerns/report/").content.decode()
    )
    assert (
        "/admin/concerns/report/statistikk/"
        not in teacher.get("/admin/concerns/report/").content.decode()
    )


def test_only_the_coordinator_sees_statistics(teacher, resident):
    assert teacher.get("/admin/concerns/report/statistikk/").status_code == 403
    assert teacher.get("/admin/concerns/report/statistikk.csv").status_code == 403
    assert resident.get("/admin/concerns/report/statistikk/").status_code == 302


def test_migrate_gives_existing_staff_their_roles_current_permissions(
    coordinator_user, teacher_user
):
    coordinator_user.user_permissions.clear()
    teacher_user.user_permissions.set(Permission.objects.filter(codename="delete_report"))
    call_command("migrate", verbosity=0)
    coordinator_user = type(coordinator_user).objects.get(pk=coordinator_user.pk)
    teacher_user = type(teacher_user).objects.get(pk=teacher_user.pk)
    assert coordinator_user.has_perm("priorities.change_meeting")
    assert coordinator_user.has_perm("concerns.change_topic")
    assert teacher_user.has_perm("concerns.view_report")
    assert not teacher_user.has_perm("concerns.delete_report")
    assert not teacher_user.has_perm("priorities.change_meeting")
