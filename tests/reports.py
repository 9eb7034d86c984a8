"""Building blocks for the concern-report tests: a valid form and a stored report."""

import uuid

from concerns.models import Report
from concerns.services import report_submit
from levels.models import Unit


def valid_form(**overrides):
    data = {
        "kind": "report",
        "reporter_role": "private",
        "reporter_name": "",
        "reporter_title": "",
        "reporter_workplace": "",
        "reporter_phone": "",
        "reporter_email": "",
        "child_age": "14",
        "child_name": "Ola Nordmann",
        "child_school": "Borkenes skole",
        "guardians_informed": "no",
        "topic": "area:rusforebygging",
        "description": "Jeg så ham kjøpe alkohol på lørdag. Treneren vet om det.",
        "recipient": "slt-koordinator",
        "submission_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def stored_report(recipient_slug="slt-koordinator", **overrides):
    """A report as the form would store it, sent to the given unit."""
    data = {
        "kind": Report.Kind.REPORT,
        "reporter_role": Report.ReporterRole.PRIVATE,
        "reporter_name": "",
        "reporter_title": "",
        "reporter_workplace": "",
        "reporter_phone": "",
        "reporter_email": "",
        "child_age": 12,
        "child_name": "Kari Nordmann",
        "child_school": "",
        "guardians_informed": Report.GuardiansInformed.UNKNOWN,
        "category": Report.Category.OTHER,
        "priority_area": None,
        "description": "Hemmelig beskrivelse",
        "recipient": Unit.objects.get(slug=recipient_slug),
    }
    data.update(overrides)
    report, _code = report_submit(data=data, submission_key=uuid.uuid4())
    return report
