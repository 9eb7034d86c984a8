"""Anonymous figures for Politirådet: reports per month, category and recipient.

No row with fewer than MIN_COUNT reports is shown, so no single case can be
recognised from the figures.
"""

import csv

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from concerns.models import Report

MIN_COUNT = 3
CHART_WIDTH = 640
BAR_HEIGHT = 26


def _category_label(category, area_title):
    if category == Report.Category.PRIORITY_AREA and area_title:
        return area_title
    return str(Report.Category(category).label)


def report_figures():
    """Rows of (month, category label, recipient, count), small counts left out."""
    rows = (
        Report.objects.annotate(
            month=TruncMonth("created_at", tzinfo=timezone.get_current_timezone())
        )
        .values("month", "category", "priority_area__title_nb", "recipient__name_nb")
        .annotate(count=Count("pk"))
        .order_by("month", "category", "recipient__name_nb")
    )
    figures = []
    hidden = 0
    for row in rows:
        if row["count"] < MIN_COUNT:
            hidden += 1
            continue
        figures.append(
            {
                "month": row["month"].strftime("%Y-%m"),
                "category": _category_label(row["category"], row["priority_area__title_nb"]),
                "recipient": row["recipient__name_nb"],
                "count": row["count"],
            }
        )
    return figures, hidden


def monthly_bars(figures):
    totals = {}
    for row in figures:
        totals[row["month"]] = totals.get(row["month"], 0) + row["count"]
    largest = max(totals.values(), default=0)
    bars = []
    for index, (month, count) in enumerate(sorted(totals.items())):
        width = round((CHART_WIDTH - 160) * count / largest) if largest else 0
        bars.append({"month": month, "count": count, "y": index * (BAR_HEIGHT + 8), "width": width})
    return bars, len(bars) * (BAR_HEIGHT + 8)


def statistics_urls(model_admin):
    def guard(request):
        from concerns.report_admin import is_coordinator

        if not (model_admin.admin_site.has_permission(request) and is_coordinator(request.user)):
            raise PermissionDenied

    def statistics_view(request):
        guard(request)
        figures, hidden = report_figures()
        bars, height = monthly_bars(figures)
        context = {
            **model_admin.admin_site.each_context(request),
            "title": _("Statistikk for Politirådet"),
            "figures": figures,
            "hidden": hidden,
            "bars": bars,
            "chart_height": height,
            "chart_width": CHART_WIDTH,
            "min_count": MIN_COUNT,
            "opts": model_admin.model._meta,
        }
        return TemplateResponse(request, "admin/concerns/statistics.html", context)

    def statistics_csv(request):
        guard(request)
        figures, _hidden = report_figures()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="slt-statistikk.csv"'
        writer = csv.writer(response)
        writer.writerow(["month", "category", "recipient", "count"])
        for row in figures:
            writer.writerow([row["month"], row["category"], row["recipient"], row["count"]])
        return response

    wrap = model_admin.admin_site.admin_view
    return [
        path("statistikk/", wrap(statistics_view), name="concerns_report_statistics"),
        path("statistikk.csv", wrap(statistics_csv), name="concerns_report_statistics_csv"),
    ]
