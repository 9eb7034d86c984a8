"""The coordinator manages staff in the admin: no shell, no password handed over.

A new colleague is added with a one-time link (kept only as a digest) with which they
choose a password and then, at that first login, scan the QR code; the coordinator also
deactivates, reactivates, moves and resets a lost second factor, and every act is a
StaffEvent in the coordinator's log. Unit staff can do none of it.
"""

import hashlib
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.oath import totp

from concerns.models import Report, ReportEvent, StaffMember
from concerns.people import display_name
from concerns.roles import permissions_for
from levels.models import Unit
from slt_portal.models import (
    Authenticator,
    RecoveryCodes,
    StaffAccount,
    StaffEvent,
    StaffInvite,
)
from slt_portal.staff_accounts import invitation_url
from tests.conftest import logged_in, make_staff
from tests.reports import stored_report
from tests.test_admin_language import NORWEGIAN, choose, english_on, visible_text
from tests.test_staff_secrets import assert_nowhere_in_database

pytestmark = pytest.mark.django_db

PASSWORD = "Fjellrev-og-moltebær-27"
STAFF = "/admin/slt_portal/staffaccount/"
EVENTS = "/admin/slt_portal/staffevent/"
LINK = re.compile(r"https?://[^\s<\"]+/admin/invitasjon/\?lenke=([\w-]+)")


def current_code(device):
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def page(response):
    return response.content.decode()


def norwegian(response):
    """The page holds none of Django's English (the admin language walk's check)."""
    assert english_on(page(response)) == [], english_on(page(response))
    return response


def member_of(user):
    return StaffAccount.objects.get(user=user)


def act_url(user, act):
    return f"{STAFF}{member_of(user).pk}/{act}/"


def add_colleague(coordinator, **overrides):
    data = {
        "first_name": "Ingrid",
        "last_name": "Hansen",
        "email": "Ingrid.Hansen@kvafjord.kommune.no",
        "unit": Unit.objects.get(slug="borkenes-skole").pk,
        **overrides,
    }
    response = coordinator.post(f"{STAFF}add/", data)
    assert response.status_code == 200, response
    match = LINK.search(page(response))
    assert match is not None, page(response)
    return response, match.group(0), match.group(1)


def kinds(user):
    return list(StaffEvent.objects.filter(subject=user).order_by("at", "pk").values_list("kind"))


# ---------------------------------------------------------------------------------------
# Adding a colleague: the link, the password, the second factor


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_a_new_colleague_chooses_a_password_and_scans_the_qr_code_from_the_link(
    coordinator, coordinator_user
):
    form = norwegian(coordinator.get(f"{STAFF}add/"))
    offered = set(form.context["form"].fields["unit"].queryset.values_list("slug", flat=True))
    # Units that receive reports, and the coordinator's own; not the youth council.
    assert {"slt-koordinator", "borkenes-skole", "politiet"} <= offered
    assert "ungdomsradet" not in offered and "barnevernvakt" not in offered

    created, url, token = add_colleague(coordinator, send_email="on")
    norwegian(created)
    assert "72" in page(created) or "gjelder til" in page(created)
    user = User.objects.get(username="ingrid.hansen@kvafjord.kommune.no")
    assert user.is_staff and user.is_active and not user.is_superuser
    assert not user.has_usable_password()
    assert display_name(user) == "Ingrid Hansen"
    assert set(user.user_permissions.all()) == set(permissions_for(coordinator=False))
    member = StaffMember.objects.get(user=user)
    assert member.unit.slug == "borkenes-skole" and not member.is_coordinator
    # The e-mail carries the link and nothing about reports.
    (sent,) = mail.outbox
    assert sent.to == ["ingrid.hansen@kvafjord.kommune.no"]
    assert url in sent.body
    assert "melding" not in sent.body.lower() and "bekymring" not in sent.body.lower()
    assert kinds(user) == [(StaffEvent.Kind.INVITED,), (StaffEvent.Kind.LINK_EMAILED,)]
    assert StaffEvent.objects.filter(subject=user).exclude(actor=coordinator_user).count() == 0

    person = Client()
    opened = person.get(f"/admin/invitasjon/?lenke={token}")
    # On at once to an address without the token.
    assert opened.status_code == 302 and opened["Location"] == "/admin/invitasjon/"
    choose = norwegian(person.get("/admin/invitasjon/"))
    assert "ingrid.hansen@kvafjord.kommune.no" in page(choose)
    assert token not in page(choose)

    weak = norwegian(
        person.post("/admin/invitasjon/", {"new_password1": "kort", "new_password2": "kort"})
    )
    assert weak.status_code == 200
    assert "for kort" in page(weak)
    assert not User.objects.get(pk=user.pk).has_usable_password()

    chosen = person.post(
        "/admin/invitasjon/", {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert chosen.status_code == 302
    assert chosen["Location"] == "/admin/2fa/?next=/admin/"
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)
    assert StaffInvite.objects.get(user=user).used_at is not None

    # The same first login: the QR code of a new, unconfirmed authenticator.
    qr = norwegian(person.get(chosen["Location"]))
    assert 'class="two-factor-qr"><svg' in page(qr)
    device = Authenticator.objects.get(user=user)
    assert not device.confirmed
    done = person.post("/admin/2fa/", {"token": current_code(device), "next": "/admin/"})
    assert done.status_code == 200
    assert len(set(re.findall(r"<code>([a-z0-9]+)</code>", page(done)))) == 10
    assert person.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert kinds(user)[-1] == (StaffEvent.Kind.PASSWORD_SET,)
    assert StaffEvent.objects.get(kind=StaffEvent.Kind.PASSWORD_SET).actor == user

    # A used link says so and offers nothing.
    again = Client().get(f"/admin/invitasjon/?lenke={token}")
    assert again.status_code == 410
    assert "allerede brukt" in page(again) and "new_password1" not in page(again)
    # Later logins: the e-mail address and the chosen password, then a code.
    later = Client()
    login = later.post(
        "/admin/login/?next=/admin/",
        {"username": "ingrid.hansen@kvafjord.kommune.no", "password": PASSWORD},
    )
    assert login.status_code == 302
    assert later.get("/admin/")["Location"].startswith("/admin/2fa/")


def test_the_token_is_stored_only_as_its_digest(coordinator):
    _response, _url, token = add_colleague(coordinator)
    with connection.cursor() as cursor:
        cursor.execute("SELECT token_digest FROM slt_portal_staffinvite")
        (digest,) = cursor.fetchone()
    assert digest == hashlib.sha256(token.encode()).hexdigest()
    # Nowhere in any table, the sessions included, not even after the link was opened.
    person = Client()
    assert person.get(f"/admin/invitasjon/?lenke={token}").status_code == 302
    assert_nowhere_in_database(token)


def test_an_expired_link_is_refused_and_the_coordinator_makes_a_new_one(coordinator):
    _response, _url, token = add_colleague(coordinator)
    user = User.objects.get(email="ingrid.hansen@kvafjord.kommune.no")
    StaffInvite.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    expired = norwegian(Client().get(f"/admin/invitasjon/?lenke={token}"))
    assert expired.status_code == 410
    assert "utløpt" in page(expired) and "new_password1" not in page(expired)

    detail = norwegian(coordinator.get(f"{STAFF}{member_of(user).pk}/change/"))
    assert "lenken er utløpt" in page(detail)
    assert act_url(user, "ny-lenke") in page(detail)
    norwegian(coordinator.get(act_url(user, "ny-lenke")))
    renewed = norwegian(coordinator.post(act_url(user, "ny-lenke")))
    found = LINK.search(page(renewed))
    assert found is not None
    new_token = found.group(1)
    assert new_token != token
    assert Client().get(f"/admin/invitasjon/?lenke={token}").status_code == 410
    person = Client()
    assert person.get(f"/admin/invitasjon/?lenke={new_token}").status_code == 302
    chosen = person.post(
        "/admin/invitasjon/", {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert chosen.status_code == 302
    assert kinds(user) == [
        (StaffEvent.Kind.INVITED,),
        (StaffEvent.Kind.NEW_LINK,),
        (StaffEvent.Kind.PASSWORD_SET,),
    ]


def test_a_new_link_ends_the_one_before_it_even_when_already_opened(coordinator):
    _response, _url, token = add_colleague(coordinator)
    user = User.objects.get(email="ingrid.hansen@kvafjord.kommune.no")
    person = Client()
    assert person.get(f"/admin/invitasjon/?lenke={token}").status_code == 302
    coordinator.post(act_url(user, "ny-lenke"))
    late = person.post("/admin/invitasjon/", {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert late.status_code == 410
    assert not User.objects.get(pk=user.pk).has_usable_password()


def test_an_unknown_link_is_refused():
    response = norwegian(Client().get("/admin/invitasjon/?lenke=finnes-ikke"))
    assert response.status_code == 404
    assert "ikke gyldig" in page(response) and "new_password1" not in page(response)
    # Straight to the password page, without a link: nothing either.
    assert Client().get("/admin/invitasjon/").status_code == 404


def test_the_coordinator_trying_the_link_does_not_use_it(coordinator):
    _response, _url, token = add_colleague(coordinator)
    assert coordinator.get(f"/admin/invitasjon/?lenke={token}").status_code == 302
    shown = norwegian(coordinator.get("/admin/invitasjon/"))
    assert "Du er logget inn som koordinator" in page(shown)
    assert "new_password1" not in page(shown)
    refused = coordinator.post(
        "/admin/invitasjon/", {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert refused.status_code == 200
    assert StaffInvite.objects.get().used_at is None


def test_the_add_form_explains_what_is_wrong_in_norwegian(coordinator, teacher_user):
    teacher_user.email = "laerer@kvafjord.kommune.no"
    teacher_user.save()
    empty = norwegian(coordinator.post(f"{STAFF}add/", {}))
    assert page(empty).count("Feltet er påkrevet") == 4
    taken = norwegian(
        coordinator.post(
            f"{STAFF}add/",
            {
                "first_name": "Lise",
                "last_name": "Lærer",
                "email": "LAERER@kvafjord.kommune.no",
                "unit": Unit.objects.get(slug="borkenes-skole").pk,
            },
        )
    )
    assert "finnes allerede en bruker" in page(taken)
    not_receiving = coordinator.post(
        f"{STAFF}add/",
        {
            "first_name": "Ola",
            "last_name": "Ung",
            "email": "ola@kvafjord.kommune.no",
            "unit": Unit.objects.get(slug="ungdomsradet").pk,
        },
    )
    assert "unit" in not_receiving.context["form"].errors
    assert not User.objects.filter(first_name__in=["Lise", "Ola"]).exists()
    assert not StaffInvite.objects.exists()


def test_a_coordinator_can_be_added_with_the_coordinators_permissions(coordinator):
    add_colleague(
        coordinator,
        email="ny.koordinator@kvafjord.kommune.no",
        unit=Unit.objects.get(slug="slt-koordinator").pk,
        is_coordinator="on",
    )
    user = User.objects.get(email="ny.koordinator@kvafjord.kommune.no")
    assert StaffMember.objects.get(user=user).is_coordinator
    assert set(user.user_permissions.all()) == set(permissions_for(coordinator=True))


def test_when_the_mail_server_is_down_the_link_is_still_shown(coordinator):
    closed = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }
    with override_settings(MAILERS=closed):
        response, _url, _token = add_colleague(coordinator, send_email="on")
    assert "E-posten kunne ikke sendes" in page(response)
    assert not StaffEvent.objects.filter(kind=StaffEvent.Kind.LINK_EMAILED).exists()


def test_the_link_is_https_when_the_portal_is(settings):
    settings.HTTPS = True
    settings.SITE_URL = "http://slt.kvafjord.kommune.no"
    assert invitation_url("abc").startswith("https://slt.kvafjord.kommune.no/admin/invitasjon/")


# ---------------------------------------------------------------------------------------
# Looking after the accounts


def test_deactivate_and_reactivate(coordinator, coordinator_user, teacher, teacher_user):
    assert teacher.get("/admin/").status_code == 200
    confirm = norwegian(coordinator.get(act_url(teacher_user, "deaktiver")))
    assert "kan ikke lenger logge inn" in page(confirm)
    assert User.objects.get(pk=teacher_user.pk).is_active  # a GET changes nothing
    done = coordinator.post(act_url(teacher_user, "deaktiver"), follow=True)
    norwegian(done)
    assert "er deaktivert" in page(done)
    assert not User.objects.get(pk=teacher_user.pk).is_active
    # The open session ends at its next request.
    assert teacher.get("/admin/")["Location"].startswith("/admin/login/")
    listed = coordinator.get(f"{STAFF}?status=deactivated")
    assert list(listed.context["cl"].result_list) == [member_of(teacher_user)]

    done = coordinator.post(act_url(teacher_user, "aktiver"), follow=True)
    assert "er aktivert igjen" in page(done)
    assert User.objects.get(pk=teacher_user.pk).is_active
    assert logged_in(User.objects.get(pk=teacher_user.pk)).get("/admin/").status_code == 200
    assert kinds(teacher_user) == [
        (StaffEvent.Kind.DEACTIVATED,),
        (StaffEvent.Kind.REACTIVATED,),
    ]
    assert set(StaffEvent.objects.values_list("actor", flat=True)) == {coordinator_user.pk}


def test_a_deactivated_persons_unused_link_stops_working(coordinator):
    _response, _url, token = add_colleague(coordinator)
    user = User.objects.get(email="ingrid.hansen@kvafjord.kommune.no")
    coordinator.post(act_url(user, "deaktiver"))
    assert Client().get(f"/admin/invitasjon/?lenke={token}").status_code == 410
    coordinator.post(act_url(user, "aktiver"))
    # Still ended: the coordinator makes a new one when the person needs it.
    assert Client().get(f"/admin/invitasjon/?lenke={token}").status_code == 410


def test_moving_a_staff_member_moves_their_access_at_once(coordinator, teacher, teacher_user):
    school = stored_report("borkenes-skole")
    health = stored_report("helsestasjonen")
    assert teacher.get(f"/admin/concerns/report/{school.pk}/change/").status_code == 200
    assert teacher.get(f"/admin/concerns/report/{health.pk}/change/").status_code == 404

    confirm = norwegian(coordinator.get(act_url(teacher_user, "flytt")))
    offered = confirm.context["form"].fields["unit"].queryset
    assert not offered.filter(slug="borkenes-skole").exists()  # where they are now
    target = Unit.objects.get(slug="helsestasjonen")
    moved = coordinator.post(act_url(teacher_user, "flytt"), {"unit": target.pk}, follow=True)
    assert "er flyttet til Helsestasjonen" in page(moved)
    assert StaffMember.objects.get(user=teacher_user).unit == target

    # The same session, its next request.
    assert teacher.get(f"/admin/concerns/report/{school.pk}/change/").status_code == 404
    assert teacher.get(f"/admin/concerns/report/{health.pk}/change/").status_code == 200
    event = StaffEvent.objects.get(subject=teacher_user)
    assert event.kind == StaffEvent.Kind.MOVED
    assert event.detail == "fra Borkenes skole til Helsestasjonen"


def test_a_unit_staff_member_is_not_moved_to_a_unit_without_reports(coordinator, teacher_user):
    own = StaffMember.objects.get(user__username="koordinator").unit
    own.reporting.receives_reports = False
    own.reporting.save()
    refused = norwegian(coordinator.post(act_url(teacher_user, "flytt"), {"unit": own.pk}))
    assert "tar ikke imot bekymringsmeldinger" in page(refused)
    assert StaffMember.objects.get(user=teacher_user).unit.slug == "borkenes-skole"


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_resetting_a_lost_second_factor_shows_the_qr_code_at_the_next_login(coordinator):
    user = User.objects.create_user("ny-ansatt", password=PASSWORD, is_staff=True)
    user.user_permissions.set(permissions_for(coordinator=False))
    StaffMember.objects.create(user=user, unit=Unit.objects.get(slug="borkenes-skole"))
    lost = Authenticator.objects.create(user=user, name="app", confirmed=True)
    codes = RecoveryCodes.objects.create(user=user, name="koder")
    codes.add_codes(["abcd2345"])
    phone = Client()
    phone.post("/admin/login/", {"username": "ny-ansatt", "password": PASSWORD})
    phone.post("/admin/2fa/", {"token": current_code(lost), "next": "/admin/"})
    assert phone.get("/admin/").status_code == 200

    confirm = norwegian(coordinator.get(act_url(user, "nullstill-tofaktor")))
    assert "QR-kode" in page(confirm)
    done = coordinator.post(act_url(user, "nullstill-tofaktor"), follow=True)
    assert "er nullstilt" in page(done)
    assert not Authenticator.objects.filter(user=user).exists()
    assert not RecoveryCodes.objects.filter(user=user).exists()
    # Whoever has the lost phone's session is logged out.
    assert phone.get("/admin/")["Location"].startswith("/admin/login/")

    again = Client()
    again.post("/admin/login/", {"username": "ny-ansatt", "password": PASSWORD})
    qr = again.get("/admin/2fa/?next=/admin/")
    assert 'class="two-factor-qr"><svg' in page(qr)
    fresh = Authenticator.objects.get(user=user)
    assert not fresh.confirmed and fresh.key != lost.key
    # The old recovery code no longer opens anything; the new app does.
    refused = again.post("/admin/2fa/", {"token": "abcd2345", "next": "/admin/"})
    assert "Koden stemmer ikke" in page(refused)
    accepted = again.post("/admin/2fa/", {"token": current_code(fresh), "next": "/admin/"})
    assert accepted.status_code == 200
    assert again.get("/admin/").status_code == 200
    assert kinds(user) == [(StaffEvent.Kind.SECOND_FACTOR_RESET,)]


def test_the_coordinator_cannot_act_on_their_own_account(coordinator, coordinator_user):
    for act in ("deaktiver", "flytt", "nullstill-tofaktor", "ny-lenke"):
        shown = norwegian(coordinator.get(act_url(coordinator_user, act)))
        assert "din egen konto" in page(shown)
        coordinator.post(act_url(coordinator_user, act), {"unit": 1})
    coordinator_user.refresh_from_db()
    assert coordinator_user.is_active
    assert Authenticator.objects.filter(user=coordinator_user).exists()
    assert not StaffEvent.objects.exists() and not StaffInvite.objects.exists()


def test_a_superusers_account_is_not_the_coordinators_to_manage(coordinator):
    root = make_staff("drift", "slt-koordinator")
    root.is_superuser = True
    root.save()
    member = StaffMember.objects.get(user=root)
    assert coordinator.get(f"{STAFF}{member.pk}/change/").status_code == 404
    assert coordinator.post(f"{STAFF}{member.pk}/ny-lenke/").status_code == 404
    assert coordinator.post(f"{STAFF}{member.pk}/nullstill-tofaktor/").status_code == 404
    assert member not in coordinator.get(STAFF).context["cl"].result_list
    assert not StaffInvite.objects.exists()


# ---------------------------------------------------------------------------------------
# Who may


def staff_pages(member):
    return [
        STAFF,
        f"{STAFF}add/",
        f"{STAFF}{member.pk}/change/",
        *(
            f"{STAFF}{member.pk}/{act}/"
            for act in ("ny-lenke", "deaktiver", "aktiver", "flytt", "nullstill-tofaktor")
        ),
        EVENTS,
    ]


@pytest.mark.parametrize("persona", ["teacher", "nurse", "child_welfare", "stranger"])
def test_unit_staff_can_do_none_of_it(persona, request, coordinator_user):
    client = request.getfixturevalue(persona)
    target = make_staff("kollega", "borkenes-skole")
    StaffEvent.objects.create(kind=StaffEvent.Kind.MOVED, actor=coordinator_user, subject=target)
    member = StaffMember.objects.get(user=target)
    for url in staff_pages(member):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"unit": member.unit_id}).status_code == 403, url
    target.refresh_from_db()
    assert target.is_active
    assert StaffEvent.objects.count() == 1 and not StaffInvite.objects.exists()
    assert User.objects.filter(is_staff=True).count() == 3
    index = page(client.get("/admin/"))
    assert STAFF not in index and EVENTS not in index


def test_without_a_login_the_pages_ask_for_one(coordinator_user, resident):
    for url in staff_pages(StaffMember.objects.get(user=coordinator_user)):
        assert resident.get(url)["Location"].startswith("/admin/login/"), url


def test_django_user_admin_is_left_to_superusers(coordinator, teacher):
    assert coordinator.get("/admin/auth/user/").status_code == 403
    assert coordinator.get("/admin/auth/group/").status_code == 403
    assert teacher.get("/admin/auth/user/").status_code == 403
    assert "/admin/auth/" not in page(coordinator.get("/admin/"))
    root = User.objects.create(username="root", is_staff=True, is_superuser=True)
    assert logged_in(root).get("/admin/auth/user/").status_code == 200


# ---------------------------------------------------------------------------------------
# The log and the names


def test_every_act_is_in_the_coordinators_log_newest_first(
    coordinator, coordinator_user, teacher_user, nurse_user
):
    coordinator_user.first_name, coordinator_user.last_name = "Siri", "Koordinator"
    coordinator_user.save()
    add_colleague(coordinator)
    coordinator.post(act_url(teacher_user, "deaktiver"))
    coordinator.post(act_url(nurse_user, "flytt"), {"unit": Unit.objects.get(slug="politiet").pk})
    log = norwegian(coordinator.get(EVENTS))
    rows = list(log.context["cl"].result_list)
    assert [event.kind for event in rows] == [
        StaffEvent.Kind.MOVED,
        StaffEvent.Kind.DEACTIVATED,
        StaffEvent.Kind.INVITED,
    ]
    assert all(event.actor == coordinator_user for event in rows)
    html = page(log)
    assert "Siri Koordinator" in html and "Ingrid Hansen" in html
    assert "fra Helsestasjonen til Politiet" in html
    # One person's events, from their page.
    assert (
        len(
            coordinator.get(f"{EVENTS}?subject__id__exact={nurse_user.pk}")
            .context["cl"]
            .result_list
        )
        == 1
    )
    # Read-only: no adding, changing or deleting events.
    event = rows[0]
    assert coordinator.get(f"{EVENTS}add/").status_code == 403
    assert coordinator.post(f"{EVENTS}{event.pk}/delete/").status_code == 403
    assert StaffEvent.objects.count() == 3


def test_the_staff_list_shows_names_units_and_where_each_account_stands(coordinator, teacher_user):
    teacher_user.first_name, teacher_user.last_name = "Lise", "Lærer"
    teacher_user.save()
    Authenticator.objects.create(user=teacher_user, name="app", confirmed=True)
    add_colleague(coordinator)
    listed = norwegian(coordinator.get(STAFF))
    html = page(listed)
    assert "Lise Lærer" in html and "Ingrid Hansen" in html
    assert "Invitert, lenken gjelder til" in html
    assert "Borkenes skole" in html
    waiting = coordinator.get(f"{STAFF}?status=waiting").context["cl"].result_list
    assert [member.user.first_name for member in waiting] == ["Ingrid"]
    assert norwegian(coordinator.get(f"{STAFF}?q=hansen")).context["cl"].result_count == 1


def test_timelines_and_lists_show_full_names(coordinator, teacher, teacher_user):
    teacher_user.first_name, teacher_user.last_name = "Lise", "Lærer"
    teacher_user.save()
    report = stored_report("borkenes-skole")
    Report.objects.filter(pk=report.pk).update(assignee=teacher_user)
    assert teacher.get(f"/admin/concerns/report/{report.pk}/change/").status_code == 200

    change = page(coordinator.get(f"/admin/concerns/report/{report.pk}/change/"))
    timeline = change.split("class='timeline'")[1]
    assert "Lise Lærer" in timeline and "laerer" not in timeline
    # The coordinator has no name: the username stands in.
    assert "koordinator" in timeline
    assert f'<option value="{teacher_user.pk}" selected>Lise Lærer</option>' in change
    listed = page(coordinator.get("/admin/concerns/report/"))
    assert "Lise Lærer" in listed
    log = page(coordinator.get("/admin/concerns/reportevent/"))
    assert "Lise Lærer" in log
    assert ReportEvent.objects.filter(actor=teacher_user).exists()
    by_person = page(coordinator.get("/admin/concerns/reportevent/?_facets=1"))
    assert "Lise Lærer" in by_person


# ---------------------------------------------------------------------------------------
# add_staff, for the first coordinator


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_add_staff_leaves_the_second_factor_to_the_qr_code_at_the_first_login(monkeypatch):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", PASSWORD)
    out = io.StringIO()
    call_command(
        "add_staff",
        "slt",
        "--unit",
        "slt-koordinator",
        "--coordinator",
        "--first-name",
        "Siri",
        "--last-name",
        "Koordinator",
        stdout=out,
    )
    assert "otpauth://" not in out.getvalue()
    assert "QR code" in out.getvalue()
    user = User.objects.get(username="slt")
    assert display_name(user) == "Siri Koordinator"
    assert not Authenticator.objects.filter(user=user).exists()
    assert StaffEvent.objects.get(subject=user).kind == StaffEvent.Kind.CREATED

    client = Client()
    client.post("/admin/login/", {"username": "slt", "password": PASSWORD})
    qr = client.get("/admin/2fa/?next=/admin/")
    assert 'class="two-factor-qr"><svg' in page(qr)
    device = Authenticator.objects.get(user=user)
    assert client.post("/admin/2fa/", {"token": current_code(device)}).status_code == 200
    # The first coordinator adds everyone else in the admin.
    assert client.get(f"{STAFF}add/").status_code == 200
    log = page(client.get(EVENTS))
    assert "kommandolinjen" in log


def test_the_staff_pages_speak_english_to_staff_who_chose_it(coordinator, teacher_user):
    choose(coordinator, "en")
    add_colleague(coordinator)
    member = member_of(teacher_user)
    pages = [
        *staff_pages(member),
        f"{STAFF}{member_of(User.objects.get(first_name='Ingrid')).pk}/change/",
    ]
    found = {}
    for url in pages:
        response = coordinator.get(url)
        html = page(response)
        norwegian_words = set(NORWEGIAN.findall(visible_text(html)))
        if response.status_code != 200 or '<html lang="en"' not in html or norwegian_words:
            found[url] = (response.status_code, sorted(norwegian_words))
    assert not found, found
    created = page(coordinator.post(act_url(teacher_user, "ny-lenke")))
    assert "The link is shown now only" in created
