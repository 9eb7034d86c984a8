"""The live stack for the load and fault tests, with a real SMTP server to send to."""

import pytest

from tests.live_stack import Stack
from tests.smtp_sink import SmtpSink


@pytest.fixture
def sink():
    server = SmtpSink()
    yield server
    server.release_all()
    server.stop()


@pytest.fixture
def live(tmp_path, sink):
    """Start the stack with `live(**settings)`; it mails `sink` and is stopped after the test."""
    stacks = []

    def start(*, before_start=None, **settings):
        stack = Stack(
            tmp_path,
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=sink.port,
            SMTP_TLS="0",
            REPORT_SUBMISSIONS_PER_HOUR=10**9,
            REPORT_POSTS_PER_HOUR=10**9,
            **settings,
        )
        stacks.append(stack)
        if before_start:
            before_start(stack)
        return stack.__enter__()

    yield start
    for stack in stacks:
        stack.stop()
