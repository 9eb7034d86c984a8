"""Security headers, cookies and staff session limits."""

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from slt_portal.middleware import StaffSessionTimeoutMiddleware

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy(resident):
    policy = resident.get("/")["Content-Security-Policy"]
    for directive in [
        "default-src 'self'",
        "script-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
    ]:
        assert directive in policy
    assert "unsafe-inline" not in policy


@pytest.mark.parametrize("path", ["/", "/bekymring/", "/admin/login/"])
def test_other_security_headers(resident, path):
    response = resident.get(path)
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize(
    "path", ["/bekymring/", "/bekymring/kvittering/", "/bekymring/status/", "/admin/login/"]
)
def test_form_receipt_status_and_admin_are_never_stored(resident, path):
    assert "no-store" in resident.get(path)["Cache-Control"]


def test_deploy_check_is_clean_with_production_settings():
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="slt.kvafjord.kommune.no",
        SMTP_HOST="smtp.kvafjord.kommune.no",
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_production_cookies_use_the_host_prefix():
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="example.org",
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
    )
    script = "import slt_portal.settings as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE)"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "True"]


def age_session(client, *, started_ago, seen_ago):
    session = client.session
    now = int(time.time())
    session[StaffSessionTimeoutMiddleware.STARTED] = now - started_ago
    session[StaffSessionTimeoutMiddleware.SEEN] = now - seen_ago
    session.save()


def test_an_active_staff_session_goes_on(coordinator):
    assert coordinator.get("/admin/").status_code == 200
    age_session(coordinator, started_ago=3600, seen_ago=600)
    assert coordinator.get("/admin/").status_code == 200


def test_staff_session_ends_after_30_idle_minutes(coordinator):
    coordinator.get("/admin/")
    age_session(coordinator, started_ago=3600, seen_ago=31 * 60)
    response = coordinator.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_staff_session_ends_after_8_hours_however_active(coordinator):
    coordinator.get("/admin/")
    age_session(coordinator, started_ago=8 * 3600 + 60, seen_ago=10)
    response = coordinator.get("/admin/")
    assert response.status_code == 302


def test_logout_ends_the_session_on_the_server(coordinator):
    from django.contrib.sessions.models import Session

    coordinator.get("/admin/")
    key = coordinator.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    coordinator.post("/admin/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    assert coordinator.get("/admin/").status_code == 302


def test_a_deactivated_users_session_ends_on_the_server(coordinator, coordinator_user):
    from django.contrib.sessions.models import Session

    assert coordinator.get("/admin/concerns/report/").status_code == 200
    key = coordinator.session.session_key
    coordinator_user.is_active = False
    coordinator_user.save()
    response = coordinator.get("/admin/concerns/report/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    assert not Session.objects.filter(session_key=key).exists()
