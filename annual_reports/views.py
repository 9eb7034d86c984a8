"""The published annual reports: the list, a report's page, and the same report as a PDF.

Each reads one row: a report's figures are stored on it (annual_reports/figures.py),
so neither the page nor the PDF asks the plan or the statistics anything.
"""

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


@require_safe
def report_pdf(request, year):
    """For the meeting papers. Not a `public_page` (it is no HTML page), but the page
    cache keeps it like one: an anonymous GET, renewed when the report is saved."""
    report = get_object_or_404(AnnualReport.objects.published(), year=year)
    response = HttpResponse(report_pdf_bytes(report), content_type="application/pdf")
    name = f"arsrapport-{report.year}" if get_language() == "nb" else f"annual-report-{year}"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
