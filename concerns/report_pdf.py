"""A report as a PDF/A document for the municipality's records system.

The same fields and timeline as the plain-text export (concerns/report_export.py), laid
out by templates/concerns/report_archive.html and rendered by core.pdf.render_pdf:
PDF/A-2b, fonts embedded, the reference as the document's title and file name, no
personal data in the metadata. Like the text export, each download is an EXPORTED event
in the report's access log, written once the document has been made.
"""

from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import get_language

from concerns.models import Report, ReportEvent
from concerns.report_export import archive_fields, archive_timeline, archive_title
from concerns.services import report_record_view
from core.pdf import render_pdf

TEMPLATE = "concerns/report_archive.html"


def archive_context(report: Report) -> dict:
    return {
        "title": archive_title(report),
        "reference": report.reference,
        "fields": archive_fields(report),
        "timeline": archive_timeline(report),
        "made_at": timezone.localtime(),
        "language": get_language() or "nb",
    }


def archive_pdf(report: Report) -> bytes:
    return render_pdf(TEMPLATE, archive_context(report))


def archive_pdf_response(report: Report) -> HttpResponse:
    response = HttpResponse(archive_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.reference}.pdf"'
    return response


def archive_pdf_urls(model_admin):
    """The PDF download beside the text one, with the same access rule and log."""

    def export_pdf(request, object_id):
        # The same answer as every report URL: 404 (and a REFUSED event) for another unit.
        report = model_admin._visible_or_404(request, object_id)
        if not model_admin.has_view_permission(request, report):
            raise Http404
        response = archive_pdf_response(report)
        report_record_view(report=report, actor=request.user, kind=ReportEvent.Kind.EXPORTED)
        return response

    return [
        path(
            "<path:object_id>/export/pdf/",
            model_admin.admin_site.admin_view(export_pdf),
            name="concerns_report_export_pdf",
        )
    ]
