"""Repeated wrong passwords lock a staff login for a while (django-axes), and say so."""

import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client, override_settings

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


def test_five_wrong_passwords_lock_the_account_even_with_the_right_one(staff, caplog):
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


def test_the_lock_holds_from_another_address(staff):
    for _ in range(5):
        attempt(Client(), "feil", address="10.0.0.1")
    assert attempt(Client(), PASSWORD, address="10.9.9.9").status_code == 429


def test_one_address_guessing_many_usernames_is_locked(staff):
    client = Client()
    for number in range(5):
        attempt(client, "feil", username=f"gjetning{number}")
    assert attempt(client, PASSWORD).status_code == 429
    # Someone else, elsewhere, still gets in.
    assert attempt(Client(), PASSWORD, address="10.0.0.2").status_code == 302


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
    for _ in range(5):
        Client().post(
            "/admin/login/",
            {"username": "en-annen", "password": "feil"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    # The proxy's own address is not locked: another client behind it gets in.
    response = Client().post(
        "/admin/login/?next=/admin/",
        {"username": "saksbehandler", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert response.status_code == 302
