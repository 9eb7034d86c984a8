"""Erasing the personal data of reports closed longer ago than the retention period."""

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from concerns.encryption import encrypted_fields
from concerns.models import Report, ReportEvent

logger = logging.getLogger(__name__)

# Reports erased per transaction: few statements for thousands of reports, and locks
# held for a fraction of a second, so that case work on other reports never waits long.
BATCH_SIZE = 500


def reports_erase_expired(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """What stays is what the anonymous statistics need: when, which topic and category,
    which unit, the status and the outcome. The timeline keeps who did what and when,
    but loses its notes and the messages both ways (their text is the events' detail).

    A batch of due reports at a time, each batch in one transaction: its reports are
    picked and locked inside it, so a report reopened meanwhile is left alone, and a
    failure rolls back one batch, never half a report. Two UPDATEs per batch.
    """
    now = now or timezone.now()
    due = Report.objects.due_for_erasure(now).order_by("pk").values_list("pk", flat=True)
    erased = 0
    last = 0
    while True:
        with transaction.atomic():
            ids = list(due.filter(pk__gt=last).select_for_update()[:batch_size])
            if not ids:
                break
            # The receipt goes too: nobody can look the report up any more.
            Report.objects.filter(pk__in=ids).update(
                erased_at=now,
                receipt_code_hash="",
                # No address is left to write to, and nothing is left to read.
                notify_sender=False,
                new_from_sender=False,
                **dict.fromkeys(encrypted_fields(Report), ""),
            )
            # Erasure is the one change a timeline row may undergo. Rows with no text are
            # left as they are: rewriting them would only make dead rows.
            ReportEvent.objects.filter(report_id__in=ids).exclude(detail="").update(detail="")
        erased += len(ids)
        last = ids[-1]
    if erased:
        logger.info("erased the personal data of %s closed report(s)", erased)
    return erased
