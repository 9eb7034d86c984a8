"""Concerns taken by phone, by letter or in a meeting, registered by staff in the admin.

The same rules as the public form; the channel and who registered it are recorded; the
receipt code is shown once, to be passed on, and then works on the status page.
"""

import re

import pytest

from concerns.models import Notification, Report, ReportEvent
from tests.reports import PROFESSIONAL, valid_form

pytestmark = pytest.mark.django_db

REGISTER = "/admin/concerns/report/registrer/"
REGISTERED = "/admin/concerns/report/registrert/"
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def intake(**overrides):
    return valid_form(**{"channel": "phone", "language": "nb", **overrides})


def test_a_teacher_registers_a_phone_call_and_passes_the_code_on(teacher, teacher_user, resident):
    form = teacher.get(REGISTER).content.decode()
    assert 'name="channel"' in form and 'name="website"' not in form
    # The teacher's own unit is the suggested recipient.
    assert re.search(r'value="borkenes-skole"[^>]*checked', form)

    response = teacher.post(REGISTER, intake(recipient="borkenes-skole", channel="letter"))
    assert response.status_code == 302 and response.url == REGISTERED
    report = Report.objects.get()
    assert report.channel == Report.Channel.LETTER
    assert report.recipient.slug == "borkenes-skole"
    submitted = report.events.get(kind=ReportEvent.Kind.SUBMITTED)
    assert submitted.actor == teacher_user
    assert Notification.objects.filter(report=report, kind="new_report").count() == 1

    shown = teacher.get(REGISTERED).content.decode()
    code = CODE.search(shown)
    assert code and report.reference in shown
    assert report.receipt_code_matches(code.group(0))
    assert "http://127.0.0.1:8000/bekymring/status/" in shown
    assert f"/admin/concerns/report/{report.pk}/change/" in shown
    # Shown once: a reload shows no code.
    again = teacher.get(REGISTERED).content.decode()
    assert not CODE.search(again) and "Ingen kvittering å vise" in again

    # The sender uses the status page like anyone else.
    lookup = resident.post(
        "/bekymring/status/", {"reference": report.reference, "code": code.group(0)}
    )
    assert lookup.status_code == 302
    assert "Skriv til enheten" in resident.get(lookup.url).content.decode()


def test_the_sender_s_language_is_chosen_for_them(coordinator):
    coordinator.post(REGISTER, intake(language="en", channel="meeting"))
    report = Report.objects.get()
    assert (report.language, report.channel) == ("en", "meeting")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reporter_role": "professional"}, "reporter_name"),
        ({"channel": "web"}, "channel"),
        ({"channel": ""}, "channel"),
        ({"child_age": "30"}, "child_age"),
        ({"description": ""}, "description"),
        ({"description": "Hei\u202eder"}, "description"),
        ({"notify_sender": "on"}, "notify_sender"),
        ({"topic": "finnes-ikke"}, "topic"),
    ],
)
def test_the_public_forms_rules_hold_and_nothing_is_stored(coordinator, overrides, field):
    response = coordinator.post(REGISTER, intake(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errornote"' in html
    assert re.search(rf'<div class="form-row errors field-{field}">', html), field
    assert Report.objects.count() == 0


def test_a_public_employee_who_phoned_is_registered_with_their_details(coordinator):
    response = coordinator.post(REGISTER, intake(**PROFESSIONAL, channel="phone"))
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.reporter_name == "Lærer Larsen"


def test_the_same_form_posted_twice_is_one_report(coordinator):
    data = intake()
    coordinator.post(REGISTER, data)
    coordinator.post(REGISTER, data)
    assert Report.objects.count() == 1


def test_staff_without_a_unit_and_visitors_cannot_register(stranger, resident):
    assert stranger.get(REGISTER).status_code == 403
    assert stranger.post(REGISTER, intake()).status_code == 403
    assert resident.get(REGISTER).status_code == 302
    assert Report.objects.count() == 0


def test_the_case_list_offers_registration(teacher, stranger):
    assert REGISTER in teacher.get("/admin/concerns/report/").content.decode()
    assert REGISTER not in stranger.get("/admin/concerns/report/").content.decode()


def test_the_standard_add_page_stays_closed(coordinator):
    assert coordinator.get("/admin/concerns/report/add/").status_code == 403
