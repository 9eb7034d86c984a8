"""The receipt a sender keeps: a reference and a code, and what is stored of them.

The code is derived from the form's submission key with SECRET_KEY, so a second POST
of the same form (a double click whose first answer the browser dropped) shows the
same receipt. Nothing stored lets anyone recompute it: the submission key is kept only
as a hash, and the code only as a hash keyed with SECRET_KEY. The receipt page's copy
in the session is encrypted with the field keys and dropped after half an hour.

The conversation on the status page is kept the same way: after a lookup with the
reference and the code, the session holds (encrypted) which report is open, for half an
hour from the lookup or the sender's last message. Neither the code nor the report's id
is ever in a URL.
"""

import enum
import hashlib
import hmac
import json
import re
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from concerns.encryption import DecryptionError, decrypt, encrypt

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud
SESSION_KEY = "concern_receipt"
CONVERSATION_KEY = "concern_conversation"
INTAKE_KEY = "concern_intake_receipt"
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


def contains_receipt_code(text: str, stored_hash: str) -> bool:
    """Whether `text` holds the code whose hash is stored, in any case, with or without
    dashes, spaces or other separators between its characters.

    The code itself is kept nowhere, so every run of twelve code characters in the text
    is hashed and compared; runs with a character the alphabet leaves out are skipped.
    """
    letters = re.sub(r"[^0-9A-Z]", "", text.upper())
    length = 12
    for start in range(len(letters) - length + 1):
        candidate = letters[start : start + length]
        if all(ch in RECEIPT_ALPHABET for ch in candidate) and receipt_code_matches(
            stored_hash, candidate
        ):
            return True
    return False


def _store(session, key: str, payload: dict) -> None:
    session[key] = encrypt(json.dumps(payload))


def _load(session, key: str) -> dict | None:
    token = session.get(key)
    if not isinstance(token, str):
        return None
    try:
        payload = json.loads(decrypt(token, field="a receipt in the session"))
    except (DecryptionError, ValueError):
        return None
    return payload if isinstance(payload, dict) else None


def remember_receipt(
    session,
    *,
    reference: str,
    code: str,
    sent_at: str = "",
    recipient: dict[str, str] | None = None,
    language: str = "",
    sent: list[list[str]] | None = None,
) -> None:
    """What the receipt page shows: the reference and code, when and to whom it was sent,
    and for a public employee what they sent (`sent`: label and value pairs)."""
    _store(
        session,
        SESSION_KEY,
        {
            "reference": reference,
            "code": code,
            "at": int(time.time()),
            "sent_at": sent_at,
            "recipient": recipient or {},
            "language": language,
            "sent": sent or [],
        },
    )


def recall_receipt(session) -> dict | None:
    """The receipt for the page. Once CODE_SHOWN_FOR has passed, the code and the text that
    was sent are gone; the reference, the time and the recipient stay."""
    receipt = _load(session, SESSION_KEY)
    if receipt is None:
        return None
    if (receipt.get("code") or receipt.get("sent")) and time.time() - receipt.get(
        "at", 0
    ) > CODE_SHOWN_FOR:
        receipt["code"] = None
        receipt["sent"] = []
        _store(session, SESSION_KEY, receipt)
    return receipt


def remember_intake(session, *, reference: str, code: str) -> None:
    """A concern staff registered for someone: its code, to be shown to them once."""
    _store(session, INTAKE_KEY, {"reference": reference, "code": code, "at": int(time.time())})


def take_intake(session) -> dict | None:
    """The registered concern's receipt, removed from the session as it is read."""
    receipt = _load(session, INTAKE_KEY)
    session.pop(INTAKE_KEY, None)
    if receipt is None or time.time() - receipt.get("at", 0) > CODE_SHOWN_FOR:
        return None
    return receipt


class Opened(enum.Enum):
    """What the session says about the conversation on the status page."""

    NONE = "none"  # no lookup in this session
    OPEN = "open"
    EXPIRED = "expired"  # more than CODE_SHOWN_FOR since the lookup or the last message
    UNREADABLE = "unreadable"  # not a token any key made: tampered with, or an old key


@dataclass(frozen=True)
class Conversation:
    report_id: int
    reference: str
    at: int
    notice: str = ""


def open_conversation(session, *, report_id: int, reference: str, notice: str = "") -> None:
    """Open (or keep open for another CODE_SHOWN_FOR) the conversation on one report."""
    _store(
        session,
        CONVERSATION_KEY,
        {"report": report_id, "reference": reference, "at": int(time.time()), "notice": notice},
    )


def close_conversation(session) -> None:
    session.pop(CONVERSATION_KEY, None)


def recall_conversation(session) -> tuple[Opened, Conversation | None]:
    if CONVERSATION_KEY not in session:
        return Opened.NONE, None
    payload = _load(session, CONVERSATION_KEY)
    try:
        conversation = Conversation(
            report_id=int(payload["report"]),  # type: ignore[index]
            reference=str(payload["reference"]),  # type: ignore[index]
            at=int(payload["at"]),  # type: ignore[index]
            notice=str(payload.get("notice", "")),  # type: ignore[union-attr]
        )
    except (TypeError, KeyError, ValueError):
        close_conversation(session)
        return Opened.UNREADABLE, None
    if time.time() - conversation.at > CODE_SHOWN_FOR:
        close_conversation(session)
        return Opened.EXPIRED, None
    return Opened.OPEN, conversation


def take_notice(session, conversation: Conversation) -> str:
    """The one-time notice ("your message was sent") of an open conversation, cleared."""
    if conversation.notice:
        _store(
            session,
            CONVERSATION_KEY,
            {
                "report": conversation.report_id,
                "reference": conversation.reference,
                "at": conversation.at,
                "notice": "",
            },
        )
    return conversation.notice
