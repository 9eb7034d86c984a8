"""The receipt a sender keeps: a reference and a code, and what is stored of them.

The code is derived from the form's submission key with SECRET_KEY, so a second POST
of the same form (a double click whose first answer the browser dropped) shows the
same receipt. Nothing stored lets anyone recompute it: the submission key is kept only
as a hash, and the code only as a hash keyed with SECRET_KEY. The receipt page's copy
in the session is encrypted with the field keys and dropped after half an hour.
"""

import hashlib
import hmac
import json
import time
import uuid

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from concerns.encryption import DecryptionError, decrypt, encrypt

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud
SESSION_KEY = "concern_receipt"
# On a shared computer the next person must not find the code.
CODE_SHOWN_FOR = 30 * 60
HASH_SALT = "concerns.receipt-code"


def receipt_code_for(submission_key: uuid.UUID | str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"receipt:{submission_key}".encode(), hashlib.sha256
    ).digest()
    raw = "".join(RECEIPT_ALPHABET[byte % len(RECEIPT_ALPHABET)] for byte in digest[:12])
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def hash_submission_key(submission_key: uuid.UUID | str) -> str:
    return hashlib.sha256(str(uuid.UUID(str(submission_key))).encode()).hexdigest()


def _normalised(code: str) -> str:
    return code.replace("-", "").replace(" ", "").upper()


def hash_receipt_code(code: str, *, secret: str | None = None) -> str:
    return salted_hmac(
        HASH_SALT, _normalised(code), secret=secret or settings.SECRET_KEY, algorithm="sha256"
    ).hexdigest()


def receipt_code_matches(stored_hash: str, code: str) -> bool:
    if not stored_hash:  # erased with the report's personal data
        return False
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    if any(
        constant_time_compare(stored_hash, hash_receipt_code(code, secret=secret))
        for secret in secrets
    ):
        return True
    # Reports sent before the hash was keyed: a plain SHA-256 of the code.
    legacy = hashlib.sha256(_normalised(code).encode()).hexdigest()
    return constant_time_compare(stored_hash, legacy)


def remember_receipt(session, *, reference: str, code: str) -> None:
    payload = json.dumps({"reference": reference, "code": code, "at": int(time.time())})
    session[SESSION_KEY] = encrypt(payload)


def recall_receipt(session) -> dict | None:
    """The receipt for the page, its code gone once CODE_SHOWN_FOR has passed."""
    token = session.get(SESSION_KEY)
    if not isinstance(token, str):
        return None
    try:
        receipt = json.loads(decrypt(token, field="the receipt in the session"))
    except (DecryptionError, ValueError):
        return None
    if receipt.get("code") and time.time() - receipt.get("at", 0) > CODE_SHOWN_FOR:
        receipt["code"] = None
        session[SESSION_KEY] = encrypt(json.dumps(receipt))
    return receipt
