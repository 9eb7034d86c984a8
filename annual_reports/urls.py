from django.urls import path, register_converter

from annual_reports import views


class Year:
    """Four digits, so that /arsrapport/02026/ is no second address of the 2026 report."""

    regex = "[12][0-9]{3}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(Year, "year")

app_name = "annual_reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<year:year>/", views.report_detail, name="detail"),
    path("<year:year>/pdf/", views.report_pdf, name="pdf"),
]
