"""Settings come from the environment and refuse to run production insecurely."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from tests.environment import TEST_ENVIRONMENT

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


KEYS = {
    "DJANGO_SECRET_KEY": "x" * 50,
    "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
}


def test_with_only_the_keys_set_it_is_not_debug_and_asks_for_hosts():
    result = load_settings(**KEYS)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_debug_is_on_only_when_asked_for_and_then_a_local_site_on_sqlite():
    result = load_settings(DJANGO_DEBUG="1", **KEYS)
    assert result.returncode == 0, result.stderr
    assert '"debug": true' in result.stdout
    assert '"engine": "django.db.backends.sqlite3"' in result.stdout
    assert "db.sqlite3" in result.stdout
    assert "console.EmailBackend" in result.stdout


@pytest.mark.parametrize("debug", ["0", "1"])
@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "FIELD_ENCRYPTION_KEYS"])
def test_without_a_key_nothing_starts_and_the_message_says_what_to_set(missing, debug):
    env = {**KEYS, "DJANGO_DEBUG": debug, "DJANGO_ALLOWED_HOSTS": "slt.example.org"}
    del env[missing]
    result = load_settings(**env)
    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr
    assert "make dev" in result.stderr


def test_no_key_in_the_repository_is_read_outside_the_tests():
    # The only keys committed are the test suite's own (tests/environment.py).
    git = shutil.which("git") or "git"
    listed = subprocess.run([git, "ls-files"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode == 0:
        tracked = listed.stdout.split()
    else:  # an exported tree, not a checkout: every file outside the installed packages
        skip = (".venv/", "node_modules/", "staticfiles/", ".git/")
        tracked = [
            str(path.relative_to(ROOT))
            for path in ROOT.rglob("*")
            if path.is_file() and not str(path.relative_to(ROOT)).startswith(skip)
        ]
    for path in tracked:
        if path.startswith("tests/") or not path.endswith((".py", ".toml", ".cfg", "Makefile")):
            continue
        if not (ROOT / path).exists():  # removed in the working tree, not yet committed
            continue
        text = (ROOT / path).read_text(encoding="utf-8", errors="replace")
        for name in ("DJANGO_SECRET_KEY", "FIELD_ENCRYPTION_KEYS"):
            assert TEST_ENVIRONMENT[name] not in text, path
    settings_source = (ROOT / "slt_portal" / "settings.py").read_text()
    assert "SECRET_KEY = env_str" in settings_source and "insecure" not in settings_source


def test_production_without_allowed_hosts_refuses_to_start():
    result = load_settings(DJANGO_DEBUG="0", **KEYS)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


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
    env = {**KEYS, "DJANGO_ALLOWED_HOSTS": "slt.example.org", "SMTP_HOST": "smtp.example.org"}
    result = load_settings(**env, **{name: value})
    assert result.returncode != 0
    assert name in result.stderr
