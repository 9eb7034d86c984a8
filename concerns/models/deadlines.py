"""The deadlines of a concern report, and the rules each unit sets for them.

A report has two deadlines, each counted from the day its unit got it:

- review (gjennomgang): the unit has looked at the report and given it a status. Child
  welfare must review a report within one week (barnevernsloven § 2-1). Met once the
  status is no longer "new".
- feedback (svar til avsender): the sender has had a word from the unit, a message on
  the status page. Child welfare must confirm receipt within three weeks. Met by the
  first message to the sender, or by closing the report.

A deadline that is not met yet is pending; a pending deadline before today is overdue.
The rules are the unit's (UnitReporting: review_days, feedback_days,
reminder_days_before), edited by the coordinator; the defaults below are seeded by
the kind of unit.

Every condition here is written for the indexes on status and the two dates: open means
`status IN (new, received, in_progress)`, never `NOT status = closed`.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Report.Status values, spelled out here so that the rules import no model.
NEW = "new"
OPEN_STATUSES = ("new", "received", "in_progress")
# How far ahead the desk's "due soon" looks.
DUE_SOON_DAYS = 7


class Deadline(models.TextChoices):
    REVIEW = "review", _("frist for gjennomgang")
    FEEDBACK = "feedback", _("frist for svar til avsender")


@dataclass(frozen=True)
class DeadlineRule:
    review_days: int
    feedback_days: int
    reminder_days_before: int


# The law binds child welfare (barnevernsloven § 2-1: review within one week, feedback to
# the sender within three weeks). The other units have no statutory deadline; they get
# the same as good practice, so that a sender hears from every unit within three weeks.
LAW = DeadlineRule(review_days=7, feedback_days=21, reminder_days_before=2)
DEFAULT_RULES: dict[str, DeadlineRule] = {
    "child_welfare": LAW,
    "coordinator": LAW,
    "school": LAW,
    "health_station": LAW,
    "police": LAW,
    "other": LAW,
}
# What a child welfare unit may not go beyond: the law's own limits.
LEGAL_LIMITS: dict[str, DeadlineRule] = {"child_welfare": LAW}


def rule_for_kind(kind: str) -> DeadlineRule:
    return DEFAULT_RULES.get(kind, LAW)


def review_pending() -> Q:
    return Q(status=NEW)


def feedback_pending() -> Q:
    return Q(status__in=OPEN_STATUSES, answered_at__isnull=True)


def overdue(today: date) -> Q:
    """A pending deadline before today."""
    return (review_pending() & Q(due_date__lt=today)) | (
        feedback_pending() & Q(feedback_due_date__lt=today)
    )


def due_soon(today: date, days: int = DUE_SOON_DAYS) -> Q:
    """A pending deadline from today to `days` ahead, and none passed yet."""
    end = today + timedelta(days=days)
    soon = (review_pending() & Q(due_date__gte=today, due_date__lte=end)) | (
        feedback_pending() & Q(feedback_due_date__gte=today, feedback_due_date__lte=end)
    )
    return soon & ~overdue(today)
