"""Invisible characters are refused in reports, except where a name needs them; what is
kept is shown visibly to staff, and text is stored in NFC."""

import sys
import unicodedata

import pytest

from concerns.models import Report
from concerns.text import ZWJ, ZWNJ, normalise, refused_characters, show_invisible
from tests.reports import stored_report, valid_form

EVERY_FORMAT_CHARACTER = [
    chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Cf"
]


def test_every_format_character_is_refused_in_plain_text():
    for ch in EVERY_FORMAT_CHARACTER:
        assert refused_characters(f"Ola{ch}Nordmann") == [ch], f"U+{ord(ch):04X}"


@pytest.mark.parametrize(
    "ch",
    ["\u00ad", "\u2060", "\u2064", "\u206a", "\u206f", "\U000e0001", "\U000e0041", "\U000e007f"],
)
def test_the_ranges_the_issue_names_are_refused(ch):
    assert refused_characters(f"x{ch}y") == [ch]


@pytest.mark.parametrize(
    "name",
    [
        "می\u200cخواهم",  # Persian: ZWNJ keeps the two parts of a word apart
        "क्\u200dष",  # Devanagari: ZWJ asks for a half form
        "\u200fשלום Ola",  # a right-to-left mark in text with Hebrew letters
        "Ali \u200eعلي",  # a left-to-right mark beside Arabic
    ],
)
def test_joiners_and_marks_are_kept_where_a_name_needs_them(name):
    assert refused_characters(name) == []


@pytest.mark.parametrize("text", [f"Ola{ZWNJ}Nordmann", f"{ZWJ}क", "Ola\u200fNordmann"])
def test_joiners_and_marks_are_refused_where_they_only_hide_something(text):
    assert refused_characters(text) != []


def test_controls_are_refused_but_line_breaks_and_tabs_kept():
    assert refused_characters("a\nb\r\nc\td") == []
    assert refused_characters("a\x00b\x1bc\x7f") == ["\x00", "\x1b", "\x7f"]
    assert refused_characters("skadet \ufffd tekst") == ["\ufffd"]


def test_text_is_normalised_to_nfc():
    assert normalise("Rene\u0301\r\n") == "René\n"


@pytest.mark.django_db
def test_the_form_stores_nfc_and_refuses_a_hidden_tag(resident):
    response = resident.post("/bekymring/", valid_form(child_name="Rene\u0301 Nordmann"))
    assert response.status_code == 302
    assert Report.objects.get().child_name == "René Nordmann"
    refused = resident.post("/bekymring/", valid_form(description="Hei\U000e0041 der"))
    assert refused.status_code == 200
    assert "Teksten inneholder tegn som ikke kan brukes" in refused.content.decode()
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_staff_see_kept_joiners_as_marks_on_the_page_and_in_the_export(coordinator):
    name = "می\u200cخواهم"
    report = stored_report(child_name=name)
    page = coordinator.get(f"/admin/concerns/report/{report.pk}/change/").content.decode()
    assert show_invisible(name) in page and "⟨ZWNJ⟩" in page
    export = coordinator.get(f"/admin/concerns/report/{report.pk}/export/").content.decode()
    assert "⟨ZWNJ⟩" in export
