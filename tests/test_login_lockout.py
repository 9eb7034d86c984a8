"""Repeated wrong passwords lock a staff login for a while (django-axes), and say so.

A username is locked only from the address that guessed it, and an address that tries
many usernames is locked as a whole; nobody can lock a staff member out from elsewhere.
"""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.utils import timezone

from slt_portal.models import LoginLockout

pytestmark = pytest.mark.django_db

PASSWORD = "Korrekt-hest-batteri-9"


@pytest.fixture
def staff(db):
    return User.objects.create_user("saksbehandler", password=PASSWORD, is_staff=True)


def attempt(client, password, username="saksbehandler", address="10.0.0.1"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_five_wrong_passwords_lock_the_username_there_even_with_the_right_one(staff, caplog):
    client = Client()
    for _ in range(4):
        assert attempt(client, "feil").status_code == 200
    caplog.set_level(logging.WARNING)
    response = attempt(client, "feil")
    assert response.status_code == 429
    page = response.content.decode()
    assert "For mange mislykkede innlogginger" in page
    assert "15 minutter" in page
    assert response["Retry-After"] == "900"
    assert "Korrekt" not in page
    # The lockout is logged, without the password tried.
    assert any("Locking out" in record.getMessage() for record in caplog.records)
    assert not any("feil" in record.getMessage() for record in caplog.records)
    locked = attempt(Client(), PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_guessing_from_elsewhere_does_not_lock_the_owner_out(staff):
    for _ in range(10):
        attempt(Client(), "feil", address="203.0.113.66")
    assert attempt(Client(), "feil", address="203.0.113.66").status_code == 429
    assert attempt(Client(), PASSWORD, address="10.9.9.9").status_code == 302


def guess_usernames(count, address="10.0.0.1", start=0):
    for number in range(start, start + count):
        attempt(Client(), "feil", username=f"gjetning{number}", address=address)


def test_one_address_guessing_many_usernames_is_locked(staff):
    guess_usernames(20)
    assert attempt(Client(), PASSWORD).status_code == 429
    # Someone else, elsewhere, still gets in.
    assert attempt(Client(), PASSWORD, address="10.0.0.2").status_code == 302


def test_an_address_is_locked_only_after_twenty_failures(staff):
    # A shared office address: colleagues' typos under several usernames.
    guess_usernames(19)
    assert attempt(Client(), PASSWORD).status_code == 302


def test_a_right_password_does_not_wipe_the_other_usernames_tried_from_an_address(staff):
    guess_usernames(19)
    assert attempt(Client(), PASSWORD).status_code == 302
    guess_usernames(1, start=19)
    assert attempt(Client(), PASSWORD).status_code == 429


def test_an_ipv6_client_is_its_network_for_the_address_lock(staff):
    for number in range(20):
        attempt(
            Client(), "feil", username=f"gjetning{number}", address=f"2001:db8:1:2::{number + 1}"
        )
    assert attempt(Client(), PASSWORD, address="2001:db8:1:2::abcd").status_code == 429
    assert attempt(Client(), PASSWORD, address="2001:db8:1:3::1").status_code == 302


def test_a_success_before_the_limit_starts_the_count_again(staff):
    client = Client()
    for _ in range(4):
        attempt(client, "feil")
    assert attempt(client, PASSWORD).status_code == 302
    for _ in range(4):
        assert attempt(Client(), "feil").status_code == 200
    assert attempt(Client(), PASSWORD).status_code == 302


def test_failures_are_kept_without_the_passwords(staff):
    for _ in range(3):
        attempt(Client(), "Hemmelig-gjetning-1")
    row = AccessAttempt.objects.get(username="saksbehandler")
    assert row.failures_since_start == 3
    assert "Hemmelig-gjetning-1" not in str(row.post_data)


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_our_proxy_the_lock_follows_the_client_not_the_proxy(staff):
    for number in range(20):
        Client().post(
            "/admin/login/",
            {"username": f"en-annen-{number}", "password": "feil"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    locked = Client().post(
        "/admin/login/?next=/admin/",
        {"username": "saksbehandler", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert locked.status_code == 429
    # The proxy's own address is not locked: another client behind it gets in.
    response = Client().post(
        "/admin/login/?next=/admin/",
        {"username": "saksbehandler", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert response.status_code == 302


def lock_out(username="saksbehandler", address="10.0.0.1"):
    for _ in range(5):
        attempt(Client(), "feil", username=username, address=address)
    assert attempt(Client(), PASSWORD, username=username, address=address).status_code == 429


def cool_off():
    """As if the 15 minutes had passed."""
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))


def test_each_lockout_is_one_row_in_the_coordinators_list(staff, coordinator):
    lock_out()
    for _ in range(3):
        attempt(Client(), PASSWORD)  # refused while locked, and not counted again
    assert LoginLockout.objects.filter(locked_out=True).count() == 1
    page = coordinator.get("/admin/slt_portal/loginlockout/")
    assert page.status_code == 200
    html = page.content.decode()
    for label in ["Innloggingssperrer", "Tidspunkt", "Brukernavn", "Adresse", "Nettleser"]:
        assert label in html
    assert "saksbehandler" in html
    assert "10.0.0.1" in html
    # Only the failures that started a lockout are listed.
    assert AccessFailureLog.objects.count() == 5
    assert html.count("10.0.0.1</td>") == 1


def test_unit_staff_do_not_see_the_lockouts(staff, teacher):
    lock_out()
    assert teacher.get("/admin/slt_portal/loginlockout/").status_code == 403
    assert "loginlockout" not in teacher.get("/admin/").content.decode()


def test_the_coordinator_can_lift_a_lock(staff, coordinator):
    lock_out()
    row = LoginLockout.objects.get(locked_out=True)
    response = coordinator.post(
        "/admin/slt_portal/loginlockout/",
        {"action": "lift_lock", "_selected_action": [row.pk]},
        follow=True,
    )
    assert "Sperren er opphevet for 1 adresse." in response.content.decode()
    assert attempt(Client(), PASSWORD).status_code == 302


def test_the_coordinator_is_warned_of_repeated_lockouts_within_a_day(staff, coordinator, teacher):
    lock_out()
    index = coordinator.get("/admin/").content.decode()
    assert "sperret" not in index  # once may be a forgotten password
    cool_off()
    lock_out()
    cool_off()
    lock_out(username="en-annen", address="10.0.0.9")
    LoginLockout.objects.filter(username="en-annen").update(
        attempt_time=timezone.now() - timedelta(hours=25)
    )
    lock_out(username="en-annen", address="10.0.0.9")
    index = coordinator.get("/admin/").content.decode()
    assert "Brukernavnet «saksbehandler» er sperret 2 ganger det siste døgnet." in index
    assert "Adressen 10.0.0.1 er sperret 2 ganger det siste døgnet." in index
    assert "en-annen" not in index and "10.0.0.9" not in index  # a day apart
    assert "sperret" not in teacher.get("/admin/").content.decode()
