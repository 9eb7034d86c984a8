"""A report as one document for filing in the municipality's archive: plain text or PDF/A.

Plain UTF-8 text opens everywhere and imports into any records system; the PDF
(concerns/report_pdf.py) is the same content as PDF/A. Both are built from
`archive_fields` and `archive_timeline` below, so they can never differ. A download is
logged in the report's access log like an opened report.
"""

from dataclasses import dataclass
from typing import cast

from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from concerns.models import Report
from concerns.services import REPORT_FIELDS
from concerns.text import show_invisible

# The messages to and from the sender are on the timeline below, with their dates.
FIELDS = ("reference", "created_at", "channel", "language", *REPORT_FIELDS, "status", "outcome")


@dataclass(frozen=True)
class TimelineEntry:
    at: str
    kind: str
    actor: str
    detail: str


def _value(report, name):
    field = cast(models.Field, Report._meta.get_field(name))
    if field.choices:
        return getattr(report, f"get_{name}_display")()
    value = getattr(report, name)
    if isinstance(value, bool):
        return _("Ja") if value else _("Nei")
    if hasattr(value, "astimezone"):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    return "" if value is None else show_invisible(str(value))


def archive_fields(report: Report) -> list[tuple[str, str]]:
    """(label, value) for each field of the archived copy, kept invisible characters shown."""
    fields = []
    for name in FIELDS:
        label = str(cast(models.Field, Report._meta.get_field(name)).verbose_name)
        fields.append((f"{label[:1].upper()}{label[1:]}", _value(report, name)))
    return fields


def archive_timeline(report: Report) -> list[TimelineEntry]:
    """Every event of the report's timeline, oldest first."""
    return [
        TimelineEntry(
            at=timezone.localtime(event.at).strftime("%d.%m.%Y %H:%M"),
            kind=event.get_kind_display(),
            actor=str(event.actor or _("systemet")),
            detail=show_invisible(event.detail) if event.detail else "",
        )
        for event in report.events.select_related("actor")
    ]


def archive_title(report: Report) -> str:
    return _("Bekymringsmelding %(reference)s") % {"reference": report.reference}


def _block(value):
    # Continuation lines are indented, so text typed into a field can never pass for
    # another field or a timeline line in the archived copy.
    return "\n    ".join(value.splitlines()) if value else ""


def report_document(report):
    lines = [archive_title(report), ""]
    for label, value in archive_fields(report):
        lines.append(f"{label}: {_block(value)}")
    lines += ["", _("Tidslinje"), ""]
    for entry in archive_timeline(report):
        detail = f": {_block(entry.detail)}" if entry.detail else ""
        lines.append(f"{entry.at} {entry.kind} – {entry.actor}{detail}")
    return "\n".join(lines) + "\n"


def report_download(report):
    response = HttpResponse(report_document(report), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{report.reference}.txt"'
    return response
