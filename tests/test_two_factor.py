"""Every staff account needs a second factor before the admin shows anything."""

import io
import re
from base64 import b32encode

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client, override_settings
from django_otp.oath import totp

from concerns.models import StaffMember
from concerns.roles import permissions_for
from levels.models import Unit
from slt_portal.models import Authenticator, RecoveryCodes, recovery_code_digest

pytestmark = pytest.mark.django_db

PASSWORD = "Korrekt-hest-batteri-9"


@pytest.fixture
def new_staff():
    user = User.objects.create_user("ny-ansatt", password=PASSWORD, is_staff=True)
    user.user_permissions.set(permissions_for(coordinator=False))
    StaffMember.objects.create(user=user, unit=Unit.objects.get(slug="borkenes-skole"))
    return user


def current_code(device, offset=0):
    return (
        f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset):06d}"
    )


def password_login(client, username="ny-ansatt"):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client.get("/admin/")


def recovery_codes_on(page):
    return re.findall(r"<code>([a-z0-9]+)</code>", page.content.decode())


def test_password_alone_does_not_open_the_admin(new_staff):
    client = Client()
    response = password_login(client)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/2fa/")
    assert client.get("/admin/concerns/report/")["Location"].startswith("/admin/2fa/")


# Without throttling, so that a right code may follow a wrong one at once.
@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_first_login_sets_up_an_authenticator_and_gives_recovery_codes(new_staff):
    client = Client()
    password_login(client)
    page = client.get("/admin/2fa/?next=/admin/").content.decode()
    assert 'class="two-factor-qr"><svg' in page
    device = Authenticator.objects.get(user=new_staff)
    assert not device.confirmed
    secret = b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page
    assert "Bekymringsmeldinger" not in page  # no menu before the second factor

    wrong = client.post("/admin/2fa/", {"token": "000000", "next": "/admin/"})
    assert "Koden stemmer ikke" in wrong.content.decode()

    # The codes are shown in the answer to the accepted code, and kept only as digests.
    done = client.post("/admin/2fa/", {"token": current_code(device), "next": "/admin/"})
    assert done.status_code == 200
    codes = recovery_codes_on(done)
    assert len(set(codes)) == 10
    stored = RecoveryCodes.objects.get(user=new_staff)
    assert set(stored.codes.values_list("digest", flat=True)) == {
        recovery_code_digest(stored.hash_key, code) for code in codes
    }
    assert 'href="/admin/"' in done.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    # The codes are shown once.
    assert client.get("/admin/2fa/?next=/admin/").status_code == 302


def test_later_logins_ask_for_a_code_or_a_recovery_code(new_staff):
    device = Authenticator.objects.create(user=new_staff, name="app", confirmed=True)
    client = Client()
    password_login(client)
    page = client.get("/admin/2fa/").content.decode()
    assert "two-factor-qr" not in page
    response = client.post("/admin/2fa/", {"token": current_code(device), "next": "/admin/"})
    assert response.status_code == 200  # the recovery codes, shown once
    assert client.get("/admin/").status_code == 200

    recovery = recovery_codes_on(response)[0]
    other = Client()
    password_login(other)
    assert other.post("/admin/2fa/", {"token": recovery, "next": "/admin/"}).status_code == 302
    assert other.get("/admin/").status_code == 200
    third = Client()
    password_login(third)
    reused = third.post("/admin/2fa/", {"token": recovery, "next": "/admin/"})
    assert "Koden stemmer ikke" in reused.content.decode()


def test_the_next_address_must_be_on_this_site(new_staff):
    device = Authenticator.objects.create(user=new_staff, name="app", confirmed=True)
    RecoveryCodes.objects.create(user=new_staff, name="koder")
    client = Client()
    password_login(client)
    response = client.post(
        "/admin/2fa/", {"token": current_code(device), "next": "https://evil.example/"}
    )
    assert "evil.example" not in response["Location"]


def test_logging_out_works_before_the_second_factor(new_staff):
    client = Client()
    password_login(client)
    response = client.post("/admin/logout/")
    assert response.status_code in {200, 302}
    assert not response.get("Location", "").startswith("/admin/2fa/")
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_add_staff_prints_the_authenticator_uri_when_asked(monkeypatch):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", PASSWORD)
    out = io.StringIO()
    call_command("add_staff", "kari", "--unit", "barnevernstjenesten", "--otpauth-uri", stdout=out)
    match = re.search(r"otpauth://totp/\S+", out.getvalue())
    assert match is not None, out.getvalue()
    uri = match.group(0)
    device = Authenticator.objects.get(user__username="kari")
    # Confirmed by the first code from it, so that until then the login shows its QR code.
    assert not device.confirmed
    assert "secret=" in uri
    assert "issuer=SLT-portalen" in uri


def test_a_code_from_the_wrong_time_window_is_refused(new_staff):
    device = Authenticator.objects.create(user=new_staff, name="app", confirmed=True)
    client = Client()
    password_login(client)
    response = client.post(
        "/admin/2fa/", {"token": current_code(device, offset=-10), "next": "/admin/"}
    )
    assert "Koden stemmer ikke" in response.content.decode()


def test_guessing_is_throttled(new_staff):
    device = Authenticator.objects.create(user=new_staff, name="app", confirmed=True)
    client = Client()
    password_login(client)
    client.post("/admin/2fa/", {"token": "000000", "next": "/admin/"})
    # Straight after a wrong code even the right one is refused for a while.
    response = client.post("/admin/2fa/", {"token": current_code(device), "next": "/admin/"})
    assert "Koden stemmer ikke" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_accepting_the_second_factor_gives_the_session_a_new_key(new_staff):
    device = Authenticator.objects.create(user=new_staff, name="app", confirmed=True)
    client = Client()
    password_login(client)
    before = client.session.session_key
    response = client.post("/admin/2fa/", {"token": current_code(device), "next": "/admin/"})
    assert response.status_code == 200
    after = client.session.session_key
    assert after != before
    # The key from before the second factor opens nothing: its session is gone.
    assert not Session.objects.filter(session_key=before).exists()
    stolen = Client()
    assert before is not None
    stolen.cookies["sessionid"] = before
    assert stolen.get("/admin/")["Location"].startswith("/admin/login/")
    assert client.get("/admin/").status_code == 200


def test_changing_the_password_asks_for_the_second_factor_again(new_staff):
    device = Authenticator.objects.create(user=new_staff, name="app", confirmed=True)
    RecoveryCodes.objects.create(user=new_staff, name="koder")
    client = Client()
    password_login(client)
    client.post("/admin/2fa/", {"token": current_code(device), "next": "/admin/"})
    assert client.get("/admin/").status_code == 200
    other = Client()
    password_login(other)

    new_password = "Nytt-langt-passord-2027"
    changed = client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert changed.status_code == 302
    # Still logged in with the new password, but the second factor must be given again.
    done = client.get(changed["Location"])
    assert done["Location"].startswith("/admin/2fa/")
    assert client.get("/admin/")["Location"].startswith("/admin/2fa/")
    assert "_auth_user_id" in client.session
    # Every other session of the account has ended (Django's own rule).
    assert other.get("/admin/")["Location"].startswith("/admin/login/")

    again = client.post("/admin/2fa/", {"token": current_code(device, offset=1), "next": "/admin/"})
    assert again.status_code == 302
    assert client.get("/admin/").status_code == 200
