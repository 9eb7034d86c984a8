"""Keeping client addresses out of the logs.

An address beside a log line such as "report submitted: SLT-2026-0042" would tie an
anonymous sender to a report. Our own code never logs one; this filter catches what
libraries (django-axes, Django's request warnings) might write, on every handler.
"""

import ipaddress
import logging
import re

# Candidates only; each is checked with ipaddress before it is replaced, so a version
# number or a time of day is left alone.
CANDIDATE = re.compile(
    r"(?<![\w.:])(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?![\w.:])"
)
REDACTED = "[address]"


def redact_addresses(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        try:
            ipaddress.ip_address(match.group(0))
        except ValueError:
            return match.group(0)
        return REDACTED

    return CANDIDATE.sub(replace, text)


class RedactAddresses(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_addresses(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
