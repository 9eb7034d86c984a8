"""The database fails while a report is being stored: the sender keeps their text and a way
to send it again, and no part of the report is left behind."""

import pytest
from django.db import OperationalError, connection
from django_tasks_db.models import DBTaskResult

from concerns.models import Notification, Report, ReportEvent
from tests.form_client import hidden_fields
from tests.reports import valid_form

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def fail_on(table):
    """A database that drops the connection when the report's `table` row is written."""

    def wrapper(execute, sql, params, many, context):
        if sql.startswith("INSERT") and f'"{table}"' in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    return connection.execute_wrapper(wrapper)


@pytest.mark.parametrize(
    "table",
    [
        "concerns_report",
        "concerns_reportevent",
        "concerns_notification",
        "django_tasks_database_dbtaskresult",
    ],
)
def test_nothing_half_written_and_the_text_comes_back(resident, table):
    form = valid_form(description="Han har <b>sluttet</b> å komme på trening.\nMor vet.")
    with fail_on(table):
        response = resident.post("/bekymring/", form)

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Meldingen ble ikke sendt" in page
    assert "Ingenting er lagret" in page
    assert "77 02 30 00" in page
    # Their words are shown back, escaped, so they can copy them or simply send again.
    assert "Han har &lt;b&gt;sluttet&lt;/b&gt;" in page
    assert Report.objects.count() == 0
    assert ReportEvent.objects.count() == 0
    assert Notification.objects.count() == 0
    assert not DBTaskResult.objects.filter(task_path="concerns.tasks.send_notification").exists()

    again = hidden_fields(page)
    assert again["submission_key"] == form["submission_key"]
    assert again["description"] == form["description"]
    retried = resident.post("/bekymring/", again)
    assert retried.status_code == 302
    report = Report.objects.get()
    assert report.description == form["description"]
    assert report.notifications.count() == 1
    # A second press of the button stores nothing more.
    assert resident.post("/bekymring/", again).status_code == 302
    assert Report.objects.count() == 1


def test_the_page_is_in_english_for_the_english_form(resident):
    with fail_on("concerns_report"):
        response = resident.post("/en/bekymring/", valid_form())
    assert response.status_code == 503
    page = response.content.decode()
    assert '<html lang="en"' in page
    assert "Your report was not sent" in page
    assert 'action="/en/bekymring/"' in page


def test_the_log_names_the_failure_not_the_report(resident, caplog):
    with fail_on("concerns_report"):
        resident.post("/bekymring/", valid_form(child_name="Kari Nordmann"))
    messages = " ".join(record.getMessage() for record in caplog.records)
    assert "database unavailable (OperationalError)" in messages
    assert "Kari" not in messages
    assert "server closed" not in messages
