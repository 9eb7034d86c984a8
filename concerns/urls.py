from django.urls import path

from concerns import report_views

app_name = "reports"
urlpatterns = [
    path("", report_views.report_form, name="form"),
    path("kvittering/", report_views.report_receipt, name="receipt"),
    path("status/", report_views.report_status, name="status"),
]
