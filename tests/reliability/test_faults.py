"""Faults on the real stack: the mail server away, the worker killed mid-send. Nothing is
lost and nothing is sent twice."""

import time

from tests.form_client import FormClient
from tests.reliability.observe import mailed_references, notification_counts, wait_for

REPORTS = 30


def send_reports(stack, count=REPORTS):
    client = FormClient(stack.url)
    results = [client.send_report() for _ in range(count)]
    assert [status for status, _ in results] == [302] * count
    references = [reference for _, reference in results]
    assert len(set(references)) == count
    return references


def test_mail_server_down_during_submission_and_after(live, sink):
    # Retries come after 1, 2, 4, 8 ... seconds, so the outage spans several of them.
    stack = live(NOTIFICATION_RETRY_SECONDS=1, NOTIFICATION_MAX_ATTEMPTS=10)
    references = send_reports(stack)
    stack.start_worker()
    wait_for(
        lambda: (
            stack.database.scalar("SELECT COUNT(*) FROM concerns_notification WHERE attempts >= 2")
            == REPORTS
        ),
        timeout=60,
        what="two failed attempts at every notification",
    )
    assert "sent" not in notification_counts(stack)
    assert sink.inbox.messages == []

    sink.start()
    wait_for(
        lambda: notification_counts(stack).get("sent") == REPORTS,
        timeout=120,
        what="every notification once the mail server is back",
    )
    assert mailed_references(sink) == dict.fromkeys(references, 1)
    failures = stack.database.scalar(
        "SELECT COUNT(*) FROM concerns_reportevent WHERE kind = 'notification_failed'"
    )
    assert failures == 0


def test_worker_killed_while_sending(live, sink):
    # The mail server holds the eleventh e-mail mid-conversation: the worker is then
    # provably inside a send when it is killed.
    sink.inbox.let_through = 10
    sink.start()
    stack = live(NOTIFICATION_LEASE_SECONDS=3, NOTIFICATION_SWEEP_SECONDS=1)
    references = send_reports(stack)
    stack.start_worker()
    wait_for(sink.inbox.held.is_set, timeout=60, what="the worker to reach the held e-mail")
    stack.kill_worker()
    assert len(sink.inbox.messages) == 10
    assert notification_counts(stack).get("sending") == 1
    sink.release_all()

    time.sleep(1)  # the held conversation ends with its dead client; no mail comes of it
    assert len(sink.inbox.messages) == 10
    stack.start_worker()
    wait_for(
        lambda: notification_counts(stack).get("sent") == REPORTS,
        timeout=120,
        what="every notification after the worker restarted",
    )
    assert notification_counts(stack) == {"sent": REPORTS}
    assert mailed_references(sink) == dict.fromkeys(references, 1)
