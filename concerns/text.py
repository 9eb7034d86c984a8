"""What free text a report or message may hold, and how staff are shown the rest.

Invisible characters can make text read differently to staff than it was written:
zero-width spaces, bidirectional overrides, the Tags block, soft hyphens. Every Unicode
format character (category Cf) is refused, as are control characters other than line
breaks and tabs, and U+FFFD (the text was damaged on its way here). Three format
characters are real parts of names in some scripts and are kept where they do that
work: ZWNJ and ZWJ between two letters of a script that joins (Arabic, Persian, the
Indic scripts), and the left-to-right and right-to-left marks in text that holds
right-to-left letters. Staff see those kept ones as visible marks (`show_invisible`).
Text is stored in NFC, so the same name is always the same string.
"""

import unicodedata

ALLOWED_CONTROL = frozenset("\n\r\t")
ZWNJ, ZWJ, LRM, RLM = "\u200c", "\u200d", "\u200e", "\u200f"
JOINERS = frozenset({ZWNJ, ZWJ})
MARKS = frozenset({LRM, RLM})
REPLACEMENT = "\ufffd"
# Scripts in which ZWNJ and ZWJ change how letters join or form conjuncts.
JOINING_SCRIPTS = (
    "ARABIC",
    "SYRIAC",
    "NKO",
    "DEVANAGARI",
    "BENGALI",
    "GURMUKHI",
    "GUJARATI",
    "ORIYA",
    "TAMIL",
    "TELUGU",
    "KANNADA",
    "MALAYALAM",
    "SINHALA",
)
VISIBLE = {ZWNJ: "⟨ZWNJ⟩", ZWJ: "⟨ZWJ⟩", LRM: "⟨LRM⟩", RLM: "⟨RLM⟩"}


def _joins(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LM" and unicodedata.name(ch, "").startswith(
        JOINING_SCRIPTS
    )


def _has_right_to_left(text: str) -> bool:
    # The right-to-left mark is itself of class R; a letter must be there beside it.
    return any(unicodedata.bidirectional(ch) in ("R", "AL") and ch not in MARKS for ch in text)


def refused_characters(text: str) -> list[str]:
    """The characters of `text` that may not be stored, in order, each once."""
    refused: dict[str, None] = {}
    right_to_left = None
    for index, ch in enumerate(text):
        category = unicodedata.category(ch)
        if ch in ALLOWED_CONTROL:
            continue
        if ch in JOINERS:
            before = text[index - 1] if index else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            if before and after and _joins(before) and _joins(after):
                continue
        elif ch in MARKS:
            if right_to_left is None:
                right_to_left = _has_right_to_left(text)
            if right_to_left:
                continue
        if category in ("Cc", "Cf") or ch == REPLACEMENT:
            refused[ch] = None
    return list(refused)


def normalise(text: str) -> str:
    # Browsers count a line break as one character but send it as two.
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n"))


def show_invisible(text: str) -> str:
    """The kept invisible characters as visible marks, for staff and the archive copy."""
    return "".join(VISIBLE.get(ch, ch) for ch in text)
