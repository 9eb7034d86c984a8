"""The published annual reports: the list, a report's page, and the same report as a PDF.

Each reads one row: a report's figures are stored on it (annual_reports/figures.py),
so neither the page nor the PDF asks the plan or the statistics anything.
"""

import hashlib
import json

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from annual_reports.models import AnnualReport
from annual_reports.report_data import report_shown
from core.pdf import render_pdf
from core.public import public_page

PRINT_TEMPLATE = "annual_reports/report_print.html"
# A day: a new release's templates reach a kept PDF by then at the latest.
PDF_SECONDS = 24 * 60 * 60


@public_page(queries=2)
def report_list(request):
    # The figures are the heavy part of a row and the list shows none of them.
    reports = AnnualReport.objects.published().only("year")
    return render(request, "annual_reports/report_list.html", {"reports": reports})


@public_page(queries=2, empty_until_published=True)
def report_detail(request, year):
    report = get_object_or_404(AnnualReport.objects.published(), year=year)
    return render(
        request,
        "annual_reports/report_detail.html",
        {"report": report, "shown": report_shown(report)},
    )


def report_pdf_bytes(report: AnnualReport) -> bytes:
    """The report as PDF/A-2b, in the active language: the page's content, laid out for print."""
    context = {
        "report": report,
        "shown": report_shown(report),
        "made_at": timezone.localtime(),
        "language": get_language() or "nb",
    }
    return render_pdf(PRINT_TEMPLATE, context)


def _kept_pdf(report: AnnualReport) -> bytes:
    """The report's PDF in the active language, made once for what it says.

    The page cache passes over a request with a query string or a session cookie, and a
    PDF takes a second of CPU to make: kept here, under everything the PDF is made of,
    such a request costs no more than any other. A new text or new figures is a new key.
    """
    made_of = json.dumps(
        [
            report.pk,
            get_language(),
            report.foreword_nb,
            report.foreword_en,
            report.conclusions_nb,
            report.conclusions_en,
            report.figures_taken_at.isoformat() if report.figures_taken_at else "",
        ]
    )
    key = "annual-report-pdf:" + hashlib.sha256(made_of.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = report_pdf_bytes(report)
        cache.set(key, pdf, PDF_SECONDS)
    return pdf


@require_safe
def report_pdf(request, year):
    """For the meeting papers. Not a `public_page` (it is no HTML page), but the page
    cache keeps it like one: an anonymous GET, renewed when the report is saved."""
    report = get_object_or_404(AnnualReport.objects.published(), year=year)
    response = HttpResponse(_kept_pdf(report), content_type="application/pdf")
    name = f"arsrapport-{report.year}" if get_language() == "nb" else f"annual-report-{year}"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
