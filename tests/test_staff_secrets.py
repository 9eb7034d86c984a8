"""No second-factor secret is readable in the database: seeds are encrypted, codes hashed.

The checks read the raw tables (every column of every table, and the decoded sessions),
so they hold whatever model or cache a future change puts the secrets in.
"""

import io
import re
from base64 import b32decode
from urllib.parse import parse_qs, urlparse

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from slt_portal.models import Authenticator, RecoveryCodes

PASSWORD = "Korrekt-hest-batteri-9"


def code_for(key_hex, offset=0):
    return f"{totp(bytes.fromhex(key_hex), 30, 0, 6, offset):06d}"


def password_login(client, username="ny-ansatt"):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": PASSWORD}
    )
    assert response.status_code == 302


def database_text():
    """Every value in every table, as text."""
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode(errors="replace")
                    values.append(str(value))
    for session in Session.objects.all():
        values.append(str(session.get_decoded()))
    return "\n".join(values)


def assert_nowhere_in_database(*secrets):
    dump = database_text()
    lowered = dump.lower()
    for secret in secrets:
        assert secret.lower() not in lowered, f"{secret!r} is readable in the database"


def raw_column(table, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")
        return [value for (value,) in cursor.fetchall()]


@pytest.fixture
def new_staff(db):
    return User.objects.create_user("ny-ansatt", password=PASSWORD, is_staff=True)


@pytest.mark.django_db
@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_no_seed_or_recovery_code_is_readable_in_the_database(new_staff):
    client = Client()
    password_login(client)
    page = client.get("/admin/2fa/?next=/admin/").content.decode()
    match = re.search(r"<code>([A-Z2-7 ]+)</code>", page)
    assert match is not None
    secret_b32 = match.group(1).replace(" ", "")
    key_hex = b32decode(secret_b32).hex()
    done = client.post("/admin/2fa/", {"token": code_for(key_hex), "next": "/admin/"})
    codes = re.findall(r"<code>([a-z0-9]+)</code>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/admin/").status_code == 200

    assert Authenticator.objects.get(user=new_staff).key == key_hex
    assert_nowhere_in_database(key_hex, secret_b32, *codes)
    # Encrypted with the field keys, not merely encoded.
    assert all(
        value.startswith("gAAAAA") for value in raw_column("slt_portal_authenticator", "key")
    )
    assert all(
        value.startswith("gAAAAA") for value in raw_column("slt_portal_recoverycodes", "hash_key")
    )
    # django-otp's own tables, which kept them readable, stay empty.
    assert not TOTPDevice.objects.exists()
    assert not StaticToken.objects.exists()

    # The codes work although only their keyed digests are kept.
    other = Client()
    password_login(other)
    assert other.post("/admin/2fa/", {"token": codes[3], "next": "/admin/"}).status_code == 302
    assert other.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_add_staff_stores_the_seed_encrypted(monkeypatch):
    monkeypatch.setenv("DJANGO_STAFF_PASSWORD", PASSWORD)
    out = io.StringIO()
    call_command("add_staff", "kari", "--unit", "barnevernstjenesten", "--otpauth-uri", stdout=out)
    found = re.search(r"otpauth://totp/\S+", out.getvalue())
    assert found is not None, out.getvalue()
    uri = found.group(0)
    secret_b32 = parse_qs(urlparse(uri).query)["secret"][0]
    key_hex = b32decode(secret_b32).hex()
    assert Authenticator.objects.get(user__username="kari").key == key_hex
    assert_nowhere_in_database(key_hex, secret_b32)


@pytest.mark.django_db
@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_key_rotation_re_encrypts_the_second_factor_and_it_keeps_working(new_staff, settings):
    device = Authenticator.objects.create(user=new_staff, name="app", confirmed=True)
    codes = RecoveryCodes.objects.create(user=new_staff, name="koder")
    codes.add_codes(["abcd2345", "efgh6723"])
    before = raw_column("slt_portal_authenticator", "key") + raw_column(
        "slt_portal_recoverycodes", "hash_key"
    )
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key, old_key]):
        out = io.StringIO()
        call_command("rotate_field_keys", stdout=out)
    assert "slt_portal.Authenticator: re-encrypted 1 row(s)." in out.getvalue()
    assert "slt_portal.RecoveryCodes: re-encrypted 1 row(s)." in out.getvalue()
    after = raw_column("slt_portal_authenticator", "key") + raw_column(
        "slt_portal_recoverycodes", "hash_key"
    )
    assert all(new != old for new, old in zip(after, before, strict=True))

    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key]):
        client = Client()
        password_login(client)
        accepted = client.post("/admin/2fa/", {"token": code_for(device.key), "next": "/admin/"})
        assert accepted.status_code == 302
        other = Client()
        password_login(other)
        assert other.post("/admin/2fa/", {"token": "efgh6723"}).status_code == 302


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(OTP_TOTP_THROTTLE_FACTOR=0, OTP_STATIC_THROTTLE_FACTOR=0)
def test_enrolled_staff_keep_their_app_and_codes_when_the_devices_move():
    migrate([("slt_portal", "0001_initial")])
    user = User.objects.create_user("ny-ansatt", password=PASSWORD, is_staff=True)
    old = TOTPDevice.objects.create(user=user, name="Autentiseringsapp", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="Gjenopprettingskoder")
    StaticToken.objects.bulk_create(
        StaticToken(device=static, token=token) for token in ["abcd2345", "efgh6723"]
    )
    waiting = Client()
    password_login(waiting)
    session = waiting.session
    session["recovery_codes_to_show"] = ["abcd2345", "efgh6723"]
    session.save()

    migrate()

    assert not TOTPDevice.objects.exists()
    assert not StaticDevice.objects.exists()
    assert not StaticToken.objects.exists()
    moved = Authenticator.objects.get(user=user)
    assert moved.key == old.key
    assert moved.confirmed
    assert RecoveryCodes.objects.get(user=user).codes.count() == 2
    assert_nowhere_in_database(old.key, "abcd2345", "efgh6723")

    # The same app and the same codes still work, and no new codes are handed out.
    client = Client()
    password_login(client)
    response = client.post("/admin/2fa/", {"token": code_for(old.key), "next": "/admin/"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    other = Client()
    password_login(other)
    assert other.post("/admin/2fa/", {"token": "ABCD 2345"}).status_code == 302
    assert RecoveryCodes.objects.get(user=user).codes.count() == 1
