"""Watching a live stack from outside: its database, and the mail it sent."""

import re
import time


def wait_for(condition, *, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def notification_counts(stack):
    return dict(
        stack.database.query("SELECT status, COUNT(*) FROM concerns_notification GROUP BY status")
    )


REFERENCE_IN_MAIL = re.compile(r"SLT-\d{4}-\d+")


def mailed_references(sink):
    """How many e-mails name each reference (the subject carries it)."""
    counts: dict[str, int] = {}
    for message in sink.inbox.messages:
        for reference in set(REFERENCE_IN_MAIL.findall(message["data"])):
            counts[reference] = counts.get(reference, 0) + 1
    return counts
