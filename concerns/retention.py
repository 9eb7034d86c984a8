"""Erasing the personal data of reports closed longer ago than the retention period."""

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from concerns.encryption import encrypted_fields
from concerns.models import Report, ReportEvent

logger = logging.getLogger(__name__)


def reports_erase_expired(*, now: datetime | None = None) -> int:
    """What stays is what the anonymous statistics need: when, which topic and category,
    which unit, the status and the outcome. The timeline keeps who did what and when,
    but loses its notes and the messages both ways (their text is the events' detail).
    """
    now = now or timezone.now()
    erased = 0
    for report_id in Report.objects.due_for_erasure(now).values_list("pk", flat=True):
        with transaction.atomic():
            # The receipt goes too: nobody can look the report up any more.
            Report.objects.filter(pk=report_id).update(
                erased_at=now,
                receipt_code_hash="",
                # No address is left to write to, and nothing is left to read.
                notify_sender=False,
                new_from_sender=False,
                **dict.fromkeys(encrypted_fields(Report), ""),
            )
            # Erasure is the one change a timeline row may undergo.
            ReportEvent.objects.filter(report_id=report_id).update(detail="")
        erased += 1
    if erased:
        logger.info("erased the personal data of %s closed report(s)", erased)
    return erased
