"""PostgreSQL goes away in the middle of storing a report, on the real stack: the sender
gets a clear page and a way to send again, and nothing half-written remains."""

import pytest

from tests.form_client import FormClient, hidden_fields
from tests.live_stack import session_database_url
from tests.reliability.tcp_cut import CuttingProxy
from tests.reports import valid_form

pytestmark = pytest.mark.skipif(
    not session_database_url().startswith("postgres"),
    reason="cuts a network connection to PostgreSQL; SQLite has none "
    "(test_database_down.py covers the same failure on both engines)",
)


@pytest.fixture
def proxy():
    cutter = CuttingProxy(5432)
    yield cutter
    cutter.close()


def through(proxy):
    def point_at_proxy(stack):
        # sslmode=disable so the statements can be seen on the wire.
        stack.env["DATABASE_URL"] = (
            f"postgres://postgres@127.0.0.1:{proxy.port}/{stack.database.name}?sslmode=disable"
        )

    return point_at_proxy


def test_connection_lost_mid_transaction(live, proxy):
    stack = live(before_start=through(proxy))
    client = FormClient(stack.url)
    client.open_form()
    # The report row is written first; the notification row is the last in the transaction.
    proxy.cut_on = b'INSERT INTO "concerns_notification"'
    status, page = client.request(
        "/bekymring/",
        {
            "csrfmiddlewaretoken": client.token,
            **valid_form(
                child_age="9",
                child_name="Kari Nordmann",
                child_school="",
                guardians_informed="unknown",
                topic="omsorgssvikt",
                description="Hun kommer ofte sulten på skolen.",
                submission_key="8b0f8e1e-34a7-4b6f-9c51-0f3e6f1d2a10",
            ),
        },
    )
    assert proxy.cuts == 1
    assert status == 503
    assert "Meldingen ble ikke sendt" in page
    assert "Hun kommer ofte sulten på skolen." in page
    for table in ("concerns_report", "concerns_reportevent", "concerns_notification"):
        assert stack.database.scalar(f"SELECT COUNT(*) FROM {table}") == 0, table
    assert (
        stack.database.scalar(
            "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE task_path = %s",
            ("concerns.tasks.send_notification",),
        )
        == 0
    )

    proxy.cut_on = None
    fields = hidden_fields(page)
    status, _ = client.request("/bekymring/", fields)
    assert status == 302
    assert stack.database.scalar("SELECT COUNT(*) FROM concerns_report") == 1
    assert stack.database.scalar("SELECT COUNT(*) FROM concerns_notification") == 1
    assert "Kari" not in stack.log("gunicorn")
