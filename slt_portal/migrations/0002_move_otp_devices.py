"""Existing second factors move out of django-otp's plugin tables, which stored them readable.

Each otp_totp.TOTPDevice becomes an Authenticator with the same seed, now encrypted with
the field keys, and the same counters, so nobody has to set up the app again. Each
otp_static.StaticDevice becomes RecoveryCodes holding HMAC-SHA256 digests of the same
codes under a new random key of its own. The old rows are then deleted, and recovery
codes still waiting in a session to be shown are removed from it.

A session verified with an old device id is no longer verified: its user enters a code
once more. No dependency on the plugins' migrations: on a new database they may run
after this one and have nothing to move, and the plugins can leave INSTALLED_APPS later
without breaking this migration.

Backwards, the seeds go back to otp_totp in plain form (the old code reads them so);
recovery codes cannot be recovered from their digests, and the old code issues new ones
at the next login.
"""

import hashlib
import hmac
import secrets
from binascii import unhexlify

from django.conf import settings
from django.db import migrations

DEVICE_FIELDS = [
    "user_id",
    "name",
    "confirmed",
    "throttling_failure_timestamp",
    "throttling_failure_count",
]
TOTP_FIELDS = ["key", "step", "t0", "digits", "tolerance", "drift", "last_t"]
TIMESTAMPS = ["created_at", "last_used_at"]
SHOW_CODES_SESSION_KEY = "recovery_codes_to_show"
DATABASE_SESSIONS = {
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
}


def digest(hash_key, code):
    # As slt_portal.models.recovery_code_digest when this migration was written.
    message = "".join(code.split()).lower().encode()
    return hmac.new(unhexlify(hash_key), message, hashlib.sha256).hexdigest()


def old_model(apps, app_label, name):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def copy(source, model, fields, **extra):
    """A new `model` row with the values of `fields` (those the source has) and `extra`."""
    present = {field.attname for field in source._meta.concrete_fields}
    values = {name: getattr(source, name) for name in fields if name in present}
    created = model.objects.create(**values, **extra)
    # created_at is set on creation; keep the original time.
    stamps = {name: getattr(source, name) for name in TIMESTAMPS if name in present}
    if stamps:
        model.objects.filter(pk=created.pk).update(**stamps)
    return created


def forget_codes_in_sessions(apps):
    if settings.SESSION_ENGINE not in DATABASE_SESSIONS:
        return
    from django.contrib.sessions.backends.db import SessionStore

    Session = apps.get_model("sessions", "Session")
    store = SessionStore()
    for session in Session.objects.iterator():
        data = store.decode(session.session_data)
        if SHOW_CODES_SESSION_KEY in data:
            del data[SHOW_CODES_SESSION_KEY]
            session.session_data = store.encode(data)
            session.save(update_fields=["session_data"])


def move_devices(apps, schema_editor):
    Authenticator = apps.get_model("slt_portal", "Authenticator")
    RecoveryCodes = apps.get_model("slt_portal", "RecoveryCodes")
    RecoveryCode = apps.get_model("slt_portal", "RecoveryCode")

    TOTPDevice = old_model(apps, "otp_totp", "TOTPDevice")
    if TOTPDevice is not None:
        for old in TOTPDevice.objects.order_by("pk"):
            copy(old, Authenticator, DEVICE_FIELDS + TOTP_FIELDS)
        TOTPDevice.objects.all().delete()

    StaticDevice = old_model(apps, "otp_static", "StaticDevice")
    StaticToken = old_model(apps, "otp_static", "StaticToken")
    if StaticDevice is not None and StaticToken is not None:
        for old in StaticDevice.objects.order_by("pk"):
            hash_key = secrets.token_hex(32)
            codes = copy(old, RecoveryCodes, DEVICE_FIELDS, hash_key=hash_key)
            tokens = StaticToken.objects.filter(device=old).values_list("token", flat=True)
            RecoveryCode.objects.bulk_create(
                RecoveryCode(device=codes, digest=value)
                for value in sorted({digest(hash_key, token) for token in tokens})
            )
        # The tokens go with their devices.
        StaticDevice.objects.all().delete()

    forget_codes_in_sessions(apps)


def move_devices_back(apps, schema_editor):
    Authenticator = apps.get_model("slt_portal", "Authenticator")
    RecoveryCodes = apps.get_model("slt_portal", "RecoveryCodes")
    TOTPDevice = old_model(apps, "otp_totp", "TOTPDevice")
    if TOTPDevice is not None:
        for new in Authenticator.objects.order_by("pk"):
            copy(new, TOTPDevice, DEVICE_FIELDS + TOTP_FIELDS)
    Authenticator.objects.all().delete()
    RecoveryCodes.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("slt_portal", "0001_initial"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(move_devices, move_devices_back)]
