"""The English catalogue is complete and the compiled file matches it."""

import gettext
import re
from pathlib import Path

from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def parse_po(text):
    """Return {(context, msgid): msgstr} and the fuzzy msgids; enough of the format for our file."""
    entries, fuzzy = {}, set()
    blocks = text.split("\n\n")
    for block in blocks:
        fields, current, is_fuzzy = {}, None, False
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                is_fuzzy = True
            elif line.startswith(("msgctxt ", "msgid ", "msgstr ")):
                current, _, value = line.partition(" ")
                fields[current] = value[1:-1]
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            key = (fields.get("msgctxt"), fields["msgid"])
            entries[key] = fields.get("msgstr", "")
            if is_fuzzy:
                fuzzy.add(key)
    return entries, fuzzy


def unescape(value):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), value)


def test_every_message_is_translated_and_none_is_fuzzy():
    entries, fuzzy = parse_po(PO.read_text())
    assert len(entries) > 100
    assert not fuzzy
    assert [key for key, value in entries.items() if not value] == []


def test_compiled_catalogue_matches_the_po_file():
    entries, _ = parse_po(PO.read_text())
    with PO.with_suffix(".mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for (context, msgid), msgstr in entries.items():
        source, expected = unescape(msgid), unescape(msgstr)
        translated = catalogue.pgettext(context, source) if context else catalogue.gettext(source)
        assert translated == expected, f"{msgid!r}: run `make messages` to recompile"
