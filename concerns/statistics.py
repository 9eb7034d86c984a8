"""Anonymous figures for Politirådet: reports per month, per category and per recipient.

No row with fewer than MIN_COUNT reports is shown, so no single case can be
recognised from the figures. The three are counted separately, never crossed,
which keeps the rows large enough to show in a small municipality.
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
from concerns.roles import is_coordinator

MIN_COUNT = 3
CHART_WIDTH = 640
BAR_HEIGHT = 26


def _category_label(category, area_title):
    if category == Report.Category.PRIORITY_AREA and area_title:
        return area_title
    return str(Report.Category(category).label)


def _suppressed(rows):
    shown = [row for row in rows if row["count"] >= MIN_COUNT]
    return shown, len(rows) - len(shown)


def report_figures():
    """Three anonymous tables: reports per month, per category and per recipient.

    Each is counted on its own, so a small municipality still sees its figures;
    within each table, a row under MIN_COUNT is left out and counted as hidden.
    """
    month = TruncMonth("created_at", tzinfo=timezone.get_current_timezone())
    by_month = [
        {"label": row["month"].strftime("%Y-%m"), "count": row["count"]}
        for row in Report.objects.annotate(month=month)
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    ]
    by_category = [
        {
            "label": _category_label(row["category"], row["priority_area__title_nb"]),
            "count": row["count"],
        }
        for row in Report.objects.values("category", "priority_area__title_nb")
        .annotate(count=Count("pk"))
        .order_by("-count", "category")
    ]
    by_recipient = [
        {"label": row["recipient__name_nb"], "count": row["count"]}
        for row in Report.objects.values("recipient__name_nb")
        .annotate(count=Count("pk"))
        .order_by("-count", "recipient__name_nb")
    ]
    tables = []
    for key, title, rows in [
        ("month", _("Per måned"), by_month),
        ("category", _("Per kategori"), by_category),
        ("recipient", _("Per mottaker"), by_recipient),
    ]:
        shown, hidden = _suppressed(rows)
        tables.append({"key": key, "title": title, "rows": shown, "hidden": hidden})
    return tables


def monthly_bars(rows):
    largest = max((row["count"] for row in rows), default=0)
    bars = []
    for index, row in enumerate(rows):
        width = round((CHART_WIDTH - 160) * row["count"] / largest) if largest else 0
        bars.append(
            {
                "month": row["label"],
                "count": row["count"],
                "y": index * (BAR_HEIGHT + 8),
                "width": width,
            }
        )
    return bars, len(bars) * (BAR_HEIGHT + 8)


def statistics_urls(model_admin):
    def guard(request):
        if not (model_admin.admin_site.has_permission(request) and is_coordinator(request.user)):
            raise PermissionDenied

    def statistics_view(request):
        guard(request)
        tables = report_figures()
        bars, height = monthly_bars(tables[0]["rows"])
        context = {
            **model_admin.admin_site.each_context(request),
            "title": _("Statistikk for Politirådet"),
            "tables": tables,
            "bars": bars,
            "chart_height": height,
            "chart_width": CHART_WIDTH,
            "min_count": MIN_COUNT,
            "opts": model_admin.model._meta,
        }
        return TemplateResponse(request, "admin/concerns/statistics.html", context)

    def statistics_csv(request):
        guard(request)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="slt-statistikk.csv"'
        writer = csv.writer(response)
        writer.writerow(["table", "label", "count"])
        for table in report_figures():
            for row in table["rows"]:
                writer.writerow([table["key"], row["label"], row["count"]])
        return response

    wrap = model_admin.admin_site.admin_view
    return [
        path("statistikk/", wrap(statistics_view), name="concerns_report_statistics"),
        path("statistikk.csv", wrap(statistics_csv), name="concerns_report_statistics_csv"),
    ]
