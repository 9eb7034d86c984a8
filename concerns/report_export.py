"""A report as one plain-text document, for filing in the municipality's archive.

Plain UTF-8 text opens everywhere and imports into any records system; the
download is logged in the report's access log like an opened report.
"""

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


def _block(value):
    # Continuation lines are indented, so text typed into a field can never pass for
    # another field or a timeline line in the archived copy.
    return "\n    ".join(value.splitlines()) if value else ""


def report_document(report):
    lines = [_("Bekymringsmelding %(reference)s") % {"reference": report.reference}, ""]
    for name in FIELDS:
        label = str(cast(models.Field, Report._meta.get_field(name)).verbose_name)
        value = _value(report, name)
        lines.append(f"{label[:1].upper()}{label[1:]}: {_block(value)}")
    lines += ["", _("Tidslinje"), ""]
    for event in report.events.select_related("actor"):
        at = timezone.localtime(event.at).strftime("%d.%m.%Y %H:%M")
        actor = event.actor or _("systemet")
        detail = f": {_block(show_invisible(event.detail))}" if event.detail else ""
        lines.append(f"{at} {event.get_kind_display()} – {actor}{detail}")
    return "\n".join(lines) + "\n"


def report_download(report):
    response = HttpResponse(report_document(report), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{report.reference}.txt"'
    return response
