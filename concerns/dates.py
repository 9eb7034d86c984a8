"""The one date format of case work: 03.02.2026, and 03.02.2026 14:05 with a time.

The desk, the report list, the report page, its timeline, the deadline e-mails and the
timeline's own text all show dates through these two functions, in both languages of the
admin, so that a date reads the same wherever staff meet it. Templates use them as the
filters `case_date` and `case_datetime` (`{% load case_dates %}`).
"""

from datetime import date, datetime

from django.utils import timezone

DATE_FORMAT = "%d.%m.%Y"
DATETIME_FORMAT = "%d.%m.%Y %H:%M"
# What a staff member types in a date field, as they see dates shown; ISO is accepted too.
DATE_INPUT_FORMATS = [DATE_FORMAT, "%Y-%m-%d"]


def case_date(value: date | datetime | None) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return value.strftime(DATE_FORMAT)


def case_datetime(value: datetime | None) -> str:
    if value is None or value == "":
        return "–"
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime(DATETIME_FORMAT)
