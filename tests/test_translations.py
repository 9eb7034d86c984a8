"""The English catalogue is complete and the compiled file matches it."""

import gettext
import re
from pathlib import Path

from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) \"(.*)\"$")


def unescape(value):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), value)


def parse_po(text):
    """Each entry as a dict of its keywords (msgctxt, msgid, msgid_plural, msgstr, msgstr[N])."""
    entries: list[dict[str, str | bool]] = []
    for block in text.split("\n\n"):
        fuzzy, fields, current = False, dict[str, str](), None
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif match := KEYWORD.match(line):
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            entries.append({"fuzzy": fuzzy, **{key: unescape(v) for key, v in fields.items()}})
    return entries


def translations(entry):
    if "msgid_plural" in entry:
        return [entry.get("msgstr[0]", ""), entry.get("msgstr[1]", "")]
    return [entry.get("msgstr", "")]


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = parse_po(PO.read_text())
    assert len(entries) > 100
    assert [entry["msgid"] for entry in entries if entry["fuzzy"]] == []
    assert [entry["msgid"] for entry in entries if not all(translations(entry))] == []


def test_compiled_catalogue_matches_the_po_file():
    with PO.with_suffix(".mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for entry in parse_po(PO.read_text()):
        context, msgid = entry.get("msgctxt"), entry["msgid"]
        if "msgid_plural" in entry:
            plural = entry["msgid_plural"]
            got = [
                catalogue.npgettext(context, msgid, plural, n)
                if context
                else catalogue.ngettext(msgid, plural, n)
                for n in (1, 2)
            ]
        else:
            got = [catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)]
        assert got == translations(entry), f"{msgid!r}: run `make messages` to recompile"
