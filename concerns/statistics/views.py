"""The statistics page and its spreadsheet, for the SLT coordinator only."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

from concerns.roles import is_coordinator
from concerns.statistics.charts import bar_chart
from concerns.statistics.export import CONTENT_TYPE, figures_workbook, filename
from concerns.statistics.figures import report_figures
from concerns.statistics.periods import period_form


def statistics_urls(model_admin):
    def guard(request):
        if not (model_admin.admin_site.has_permission(request) and is_coordinator(request.user)):
            raise PermissionDenied

    def statistics_view(request):
        guard(request)
        form = period_form(request.GET)
        figures = report_figures(form.period)
        share = figures.deadlines_met_share
        context = {
            **model_admin.admin_site.each_context(request),
            "title": _("Statistikk for Politirådet"),
            "form": form,
            "figures": figures,
            "tables": [(table, bar_chart(table)) for table in figures.tables],
            "median_days": (
                None
                if figures.median_hours_to_first_answer is None
                else figures.median_hours_to_first_answer / 24
            ),
            "met_percent": None if share is None else round(share * 100),
            "met_hidden": figures.deadlines.hidden_count > 0,
            "export_query": urlencode(figures.period.query()),
            "min_count": figures.min_count,
            "opts": model_admin.model._meta,
        }
        return TemplateResponse(request, "admin/concerns/statistics.html", context)

    def statistics_xlsx(request):
        guard(request)
        figures = report_figures(period_form(request.GET).period)
        response = HttpResponse(figures_workbook(figures), content_type=CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename(figures)}"'
        return response

    wrap = model_admin.admin_site.admin_view
    return [
        path("statistikk/", wrap(statistics_view), name="concerns_report_statistics"),
        path("statistikk.xlsx", wrap(statistics_xlsx), name="concerns_report_statistics_xlsx"),
    ]
