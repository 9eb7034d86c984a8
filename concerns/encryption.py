"""Encryption at rest for the personal fields of concern reports.

Values are Fernet tokens (AES-128-CBC with HMAC-SHA256) made with the first key in
FIELD_ENCRYPTION_KEYS; every key in the list can still decrypt, so a new key is
put first, `manage.py rotate_field_keys` re-encrypts every row, and the old key
is then removed. The keys are separate from SECRET_KEY on purpose: rotating one
must not touch the other. An empty string is stored as it is, which says only
that a field was left empty.
"""

import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


@functools.lru_cache(maxsize=4)
def _fernet(keys):
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must be URL-safe base64 Fernet keys, newest first."
        ) from None


def fernet():
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(text):
    return fernet().encrypt(text.encode()).decode()


def decrypt(token, *, field=""):
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        # Never fall back to showing the ciphertext: that would look like data.
        raise DecryptionError(
            f"Could not decrypt {field or 'a field'} with any key in FIELD_ENCRYPTION_KEYS. "
            "Is the key that encrypted it missing from the list?"
        ) from None


class EncryptedTextField(models.TextField):
    """Plain text in Python, a Fernet token in the database."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt(value, field=f"{self.model._meta.label}.{self.name}")

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value)


def encrypted_fields(model):
    """The names of a model's encrypted fields: its personal data."""
    return [
        field.name for field in model._meta.get_fields() if isinstance(field, EncryptedTextField)
    ]
