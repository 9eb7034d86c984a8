"""Creating staff accounts, and the way to the anonymous statistics for Politirådet."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from concerns.models import StaffMember
from slt_portal import settings as production_settings

pytestmark = pytest.mark.django_db

STRONG = "Korrekt-hest-batteri-9"


def test_add_staff_creates_a_unit_account(monkeypatch, settings):
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS
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


# The statistics themselves (periods, suppression, the page, the spreadsheet, who may see
# them) are tested in tests/test_statistics.py and tests/test_statistics_suppression.py.


def test_the_case_list_links_to_statistics_for_the_coordinator_only(coordinator, teacher):
    assert (
        "/admin/concerns/report/statistikk/"
        in coordinator.get("/admin/concerns/report/").content.decode()
    )
    assert (
        "/admin/concerns/report/statistikk/"
        not in teacher.get("/admin/concerns/report/").content.decode()
    )
