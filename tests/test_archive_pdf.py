"""The archive copy as PDF/A: the same content as the text export, logged, and offline."""

import re
import shutil
import socket
import subprocess
import zlib

import pytest

from concerns.models import ReportEvent
from concerns.report_export import archive_fields, archive_timeline
from concerns.report_pdf import TEMPLATE, archive_context
from concerns.services import report_update_case
from core.pdf import BASE_URL, RefusedURL, _fetcher, render_document, static_file
from tests.reports import stored_report

pytestmark = pytest.mark.django_db

PERSIAN = "می\u200cخواهم"


def pdf_url(report):
    return f"/admin/concerns/report/{report.pk}/export/pdf/"


@pytest.fixture
def school_report(teacher_user):
    report = stored_report(
        "borkenes-skole",
        child_name=f"Barn {PERSIAN}",
        description="Hemmelig beskrivelse\nover to linjer",
    )
    report_update_case(
        report=report,
        actor=teacher_user,
        status="in_progress",
        outcome="",
        assignee=None,
        message="Vi har mottatt meldingen.",
        note="Ringte skolen.",
    )
    return report


def inflated(pdf: bytes) -> bytes:
    """The PDF with every compressed stream unpacked, to look for what is inside."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            parts.append(zlib.decompressobj().decompress(pdf[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def document_text(report) -> str:
    """The text WeasyPrint laid out, read from its document before it is written."""
    from weasyprint.formatting_structure import boxes

    document = render_document(TEMPLATE, archive_context(report))
    texts = []
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.TextBox):
                texts.append(box.text)
    # A line broken in a narrow column is two boxes: compare with single spaces.
    return re.sub(r"\s+", " ", " ".join(texts))


def test_the_download_is_a_pdf_a_with_embedded_fonts_and_no_personal_data_in_its_name(
    teacher, school_report
):
    response = teacher.get(pdf_url(school_report))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{school_report.reference}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    unpacked = inflated(pdf)
    # PDF/A-2b, declared in the XMP metadata, with an output intent and embedded fonts.
    assert b'pdfaid:part="2"' in unpacked
    assert b'pdfaid:conformance="B"' in unpacked
    assert b"/OutputIntents" in unpacked
    assert b"/FontFile2" in unpacked
    # The title is the reference; no name is in the metadata.
    assert f"/Title (Bekymringsmelding {school_report.reference})".encode() in unpacked
    xmp = unpacked[unpacked.index(b"<x:xmpmeta") : unpacked.index(b"</x:xmpmeta>")]
    assert school_report.reference.encode() in xmp
    for secret in (b"Barn", b"Hemmelig", b"Nordmann"):
        assert secret not in xmp


def test_the_pdf_shows_the_fields_and_timeline_of_the_text_export(school_report):
    text = document_text(school_report)
    assert f"Bekymringsmelding {school_report.reference}" in text
    for label, value in archive_fields(school_report):
        assert label in text
        for line in value.splitlines():
            assert " ".join(line.split()) in text, (label, line)
    # Kept invisible characters are shown as marks, as in the admin and the text export.
    assert "⟨ZWNJ⟩" in text
    timeline = archive_timeline(school_report)
    assert [entry.kind for entry in timeline][:1] == ["Sendt inn"]
    for entry in timeline:
        assert entry.at in text and entry.kind in text, entry
    assert "Vi har mottatt meldingen." in text and "Ringte skolen." in text


PDFTOTEXT = shutil.which("pdftotext")


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils is not installed")
def test_the_pdf_text_layer_can_be_read_back(teacher, school_report, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(teacher.get(pdf_url(school_report)).content)
    text = subprocess.run(
        [str(PDFTOTEXT), str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert school_report.reference in text
    assert "Hemmelig beskrivelse" in text
    assert "Vi har mottatt meldingen." in text


def test_the_download_is_logged_as_an_export(teacher, teacher_user, school_report):
    before = school_report.events.filter(kind=ReportEvent.Kind.EXPORTED).count()
    assert teacher.get(pdf_url(school_report)).status_code == 200
    exports = school_report.events.filter(kind=ReportEvent.Kind.EXPORTED)
    assert exports.count() == before + 1
    assert exports.latest("at").actor == teacher_user


def test_another_units_staff_get_404_and_no_export_is_logged(nurse, nurse_user, school_report):
    response = nurse.get(pdf_url(school_report))
    assert response.status_code == 404
    assert b"%PDF" not in response.content
    assert not school_report.events.filter(kind=ReportEvent.Kind.EXPORTED).exists()
    # The try is on the report's timeline, as for every report URL.
    assert school_report.events.filter(kind=ReportEvent.Kind.REFUSED, actor=nurse_user).exists()
    assert nurse.get("/admin/concerns/report/999999/export/pdf/").status_code == 404


def test_the_coordinator_may_download_any_report(coordinator, school_report):
    assert coordinator.get(pdf_url(school_report)).content.startswith(b"%PDF-")


def test_a_stranger_and_a_resident_get_nothing(stranger, resident, school_report):
    assert stranger.get(pdf_url(school_report)).status_code == 404
    assert resident.get(pdf_url(school_report)).status_code == 302
    assert not school_report.events.filter(kind=ReportEvent.Kind.EXPORTED).exists()


def test_the_renderer_loads_our_static_files_and_nothing_else():
    css = static_file(f"{BASE_URL}static/css/admin.css")
    assert css
    fetcher = _fetcher()
    assert fetcher.fetch(f"{BASE_URL}static/css/admin.css").read() == css
    for url in [
        "https://example.org/static/css/admin.css",
        "http://127.0.0.1:8000/static/css/admin.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
        f"{BASE_URL}static/../settings.py",
        f"{BASE_URL}static/css/nothing-here.css",
        f"{BASE_URL}media/report.pdf",
    ]:
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def test_rendering_never_opens_a_connection(monkeypatch):
    from weasyprint import HTML

    def refuse(*args, **kwargs):
        raise AssertionError("the renderer tried the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    html = (
        '<link rel="stylesheet" href="https://example.org/x.css">'
        '<img src="http://127.0.0.1:9/x.png"><p>Tekst</p>'
        '<link rel="stylesheet" href="/static/css/admin.css">'
    )
    pdf = HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).write_pdf()
    assert pdf.startswith(b"%PDF-")
