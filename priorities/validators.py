"""Public text about the SLT work never points at a concern report.

Politirådet and Forebyggende forum do not handle individual cases, and what they
write is published. A report reference (SLT-2026-0042, as the confidential side
numbers them: the year and a running number of at least four digits) in a minute,
an agenda item, a decision or a status comment would tie the public text to a
person, so it is refused. The confidential side is not imported here: the rule is
about the shape of the text, and priorities sits below concerns.
"""

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# "SLT-2026-0042", also written "slt 2026 0042", "SLT2026-0042", with en dashes or
# other dashes, dots or slashes between the parts.
_SEPARATORS = r"[\s\-\u2010-\u2015_./:]*"
REFERENCE = re.compile(
    rf"(?<![0-9a-z])slt{_SEPARATORS}(?P<year>\d{{4}}){_SEPARATORS}(?P<number>\d{{4,}})(?!\d)",
    re.IGNORECASE,
)

REFERENCE_MESSAGE = _(
    "Teksten ser ut til å inneholde referansen til en bekymringsmelding (%(reference)s). "
    "Politirådet og Forebyggende forum behandler ikke enkeltsaker, og teksten blir offentlig. "
    "Skriv om saken uten referanse, navn eller andre opplysninger som kan knytte den til en person."
)


def _is_a_period(match: re.Match[str]) -> bool:
    # "Handlingsplan SLT 2026-2029" names a period, not a report: a second year a few
    # years after the first. A report's running number is zero-padded (SLT-2026-0042)
    # and would only look like this after thousands of reports.
    first, second = match["year"], match["number"]
    return len(second) == 4 and second[0] != "0" and 0 < int(second) - int(first) <= 10


def report_references(text: str) -> list[str]:
    """The report references in a text, as written there."""
    return [match.group(0) for match in REFERENCE.finditer(text) if not _is_a_period(match)]


def refuse_report_references(instance: models.Model, fields: Iterable[str]) -> None:
    """Raise a ValidationError on each of `fields` of `instance` that holds a report reference."""
    errors = {}
    for name in fields:
        found = report_references(getattr(instance, name) or "")
        if found:
            errors[name] = ValidationError(
                REFERENCE_MESSAGE, code="report_reference", params={"reference": found[0]}
            )
    if errors:
        raise ValidationError(errors)
