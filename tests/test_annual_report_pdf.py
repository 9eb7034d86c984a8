"""The annual report as a PDF/A for the meeting papers: the page's content, in both languages."""

import shutil
import subprocess

import pytest

from annual_reports.models import AnnualReport
from core.pdf import render_pdf
from tests.test_annual_report import FOREWORD, FOREWORD_EN, published, received
from tests.test_archive_pdf import inflated

pytestmark = pytest.mark.django_db

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


@pytest.fixture
def report_with_figures():
    received(2026, 6, topic="rus")
    received(2026, 5, topic="trafikk")
    received(2026, 1, topic="mobbing")
    return published(conclusions_nb="Vi fortsetter arbeidet.", conclusions_en="We carry on.")


def test_the_pdf_is_a_pdf_a_with_embedded_fonts_and_the_report_as_its_title(
    resident, report_with_figures
):
    response = resident.get("/arsrapport/2026/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    unpacked = inflated(response.content)
    assert b'pdfaid:part="2"' in unpacked
    assert b'pdfaid:conformance="B"' in unpacked
    assert b"/OutputIntents" in unpacked
    assert b"/FontFile2" in unpacked
    xmp = unpacked[unpacked.index(b"<x:xmpmeta") : unpacked.index(b"</x:xmpmeta>")]
    assert "Årsrapport 2026 – SLT i Kvæfjord".encode() in xmp
    english = inflated(resident.get("/en/arsrapport/2026/pdf/").content)
    xmp = english[english.index(b"<x:xmpmeta") : english.index(b"</x:xmpmeta>")]
    assert "Annual report 2026 – SLT in Kvæfjord".encode() in xmp


def test_the_pdf_has_the_pages_content_in_norwegian(resident, report_with_figures, tmp_path):
    text = pdf_text(resident.get("/arsrapport/2026/pdf/").content, tmp_path)
    for words in (
        "Årsrapport 2026",
        "Forord",
        FOREWORD,
        "Handlingsplanen",
        "Tallene er fra Handlingsplan SLT 2026–2029",
        "Meldinger mottatt 12",
        "Per tema",
        "Rus 6",
        "Satsingsområdene",
        "Forebygging av vold og seksuelle overgrep mot barn",
        "Konklusjoner",
        "Vi fortsetter arbeidet.",
        "Side 1 /",
    ):
        assert words in text, words


def test_the_pdf_has_the_pages_content_in_english(resident, report_with_figures, tmp_path):
    text = pdf_text(resident.get("/en/arsrapport/2026/pdf/").content, tmp_path)
    for words in (
        "Annual report 2026",
        "Foreword",
        FOREWORD_EN,
        "The action plan",
        "Reports received 12",
        "Per topic",
        "Alcohol or drugs 6",
        "The priority areas",
        "Conclusions",
        "We carry on.",
        "Page 1 /",
    ):
        assert words in text, words
    assert FOREWORD not in text


def test_a_hidden_count_stays_hidden_in_the_pdf(resident, report_with_figures, tmp_path):
    figures = report_with_figures.figures["nb"]["reports"]["by_topic"]["rows"]
    assert {row["key"]: row["count"] for row in figures}["topic:mobbing"] is None
    text = pdf_text(resident.get("/arsrapport/2026/pdf/").content, tmp_path)
    assert "Mobbing skjult" in text and "Mobbing 1" not in text
    text = pdf_text(resident.get("/en/arsrapport/2026/pdf/").content, tmp_path)
    assert "Bullying hidden" in text


def test_a_report_without_figures_says_so_in_the_pdf_too(resident, tmp_path):
    report = published()
    AnnualReport.objects.filter(pk=report.pk).update(figures={})
    text = pdf_text(resident.get("/arsrapport/2026/pdf/").content, tmp_path)
    assert "Ingen tall ennå." in text and FOREWORD in text


def test_a_pdf_is_made_once_for_what_it_says_whatever_the_request(
    resident, report_with_figures, monkeypatch
):
    """The page cache passes over a query string or a session cookie; a PDF costs about
    a second of CPU, so such requests must not make it again each time."""
    from annual_reports import views

    made = []

    def counting(template, context):
        made.append(context["language"])
        return render_pdf(template, context)

    monkeypatch.setattr(views, "render_pdf", counting)
    first = resident.get("/arsrapport/2026/pdf/?n=1").content
    assert resident.get("/arsrapport/2026/pdf/?n=2").content == first
    resident.cookies["sessionid"] = "anything"
    assert resident.get("/arsrapport/2026/pdf/").content == first
    assert made == ["nb"]
    resident.get("/en/arsrapport/2026/pdf/?n=3")
    assert made == ["nb", "en"]
    # New text is a new PDF.
    report_with_figures.conclusions_nb = "Vi fortsetter arbeidet, med skolen."
    report_with_figures.save()
    assert resident.get("/arsrapport/2026/pdf/?n=4").content != first
    assert made == ["nb", "en", "nb"]
