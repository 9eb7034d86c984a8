"""Settings come from the environment and refuse to run production insecurely."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env):
    """Import the settings module in a fresh interpreter with exactly this environment."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SMTP_", "DATABASE_", "FIELD_"))
    }
    clean.update(env)
    script = (
        "import json, slt_portal.settings as s;"
        "print(json.dumps({'debug': s.DEBUG, 'engine': s.DATABASES['default']['ENGINE'],"
        " 'name': str(s.DATABASES['default']['NAME']), 'hosts': s.ALLOWED_HOSTS,"
        " 'mailer': s.MAILERS['default'], 'hsts': getattr(s, 'SECURE_HSTS_SECONDS', 0),"
        " 'ssl_redirect': getattr(s, 'SECURE_SSL_REDIRECT', False)}))"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_defaults_are_a_local_debug_site_on_sqlite():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    assert '"debug": true' in result.stdout
    assert '"engine": "django.db.backends.sqlite3"' in result.stdout
    assert "db.sqlite3" in result.stdout
    assert "console.EmailBackend" in result.stdout


def test_production_without_a_secret_key_refuses_to_start():
    result = load_settings(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="slt.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_without_allowed_hosts_refuses_to_start():
    result = load_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_production_without_field_encryption_keys_refuses_to_start():
    result = load_settings(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="slt.example.org"
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS must be set" in result.stderr


def test_production_settings_use_postgres_https_and_smtp():
    result = load_settings(
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="slt.example.org",
        DATABASE_URL="postgres://slt:pw@db.example.org:5432/slt",
        SMTP_HOST="smtp.example.org",
        SMTP_PORT="2525",
    )
    assert result.returncode == 0, result.stderr
    assert '"engine": "django.db.backends.postgresql"' in result.stdout
    assert '"hosts": ["slt.example.org"]' in result.stdout
    assert '"hsts": 31536000' in result.stdout
    assert '"ssl_redirect": true' in result.stdout
    assert '"host": "smtp.example.org"' in result.stdout
    assert '"port": 2525' in result.stdout


@pytest.mark.parametrize(("name", "value"), [("DJANGO_DEBUG", "maybe"), ("SMTP_PORT", "abc")])
def test_malformed_values_fail_loudly_with_the_variable_name(name, value):
    result = load_settings(**{name: value, "SMTP_HOST": "smtp.example.org"})
    assert result.returncode != 0
    assert name in result.stderr
