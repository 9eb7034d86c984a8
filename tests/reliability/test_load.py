"""Twenty people send a thousand reports at once to the real stack: every receipt has
exactly one stored report, and every report gets exactly one e-mail."""

from concurrent.futures import ThreadPoolExecutor

from tests.form_client import FormClient
from tests.reliability.observe import mailed_references, notification_counts, wait_for

CLIENTS = 20
REPORTS = 1000


def send_share(url, count):
    client = FormClient(url)
    return [client.send_report() for _ in range(count)]


def test_a_thousand_reports_from_twenty_clients(live, sink):
    sink.start()
    stack = live(workers=4)
    share = REPORTS // CLIENTS
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = [
            result
            for batch in pool.map(send_share, [stack.url] * CLIENTS, [share] * CLIENTS)
            for result in batch
        ]

    statuses = [status for status, _reference in results]
    assert statuses.count(302) == REPORTS, {s: statuses.count(s) for s in set(statuses)}
    receipts = [reference for _status, reference in results]
    assert None not in receipts
    assert len(set(receipts)) == REPORTS
    stored = [row[0] for row in stack.database.query("SELECT reference FROM concerns_report")]
    assert sorted(stored) == sorted(receipts)
    assert stack.database.scalar(
        "SELECT COUNT(DISTINCT submission_key_hash) FROM concerns_report"
    ) == (REPORTS)

    stack.start_worker()
    wait_for(
        lambda: notification_counts(stack).get("sent") == REPORTS,
        timeout=240,
        what="every notification to be sent",
    )
    assert notification_counts(stack) == {"sent": REPORTS}
    per_report = stack.database.query(
        "SELECT report_id, COUNT(*) FROM concerns_notification GROUP BY report_id"
    )
    assert len(per_report) == REPORTS
    assert {count for _report, count in per_report} == {1}
    assert mailed_references(sink) == dict.fromkeys(receipts, 1)
    assert "Traceback" not in stack.log("gunicorn") + stack.log("worker")
    # The access log and "report submitted" lines sit in one log: no client address there.
    log = stack.log("gunicorn")
    requests = [line for line in log.splitlines() if '"POST /bekymring/" 302' in line]
    assert len(requests) >= REPORTS and "report submitted: " in log
    assert not [line for line in requests if "127.0.0.1" in line]
