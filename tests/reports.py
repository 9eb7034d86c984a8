"""Building blocks for the concern-report tests: a valid form and a stored report.

valid_form() is the one valid report that every test posts; it needs no database or Django
setup, so tests that drive a running server over HTTP (tests/form_client.py) use it too.
"""

import uuid

# A public employee who gives everything the form asks of one.
PROFESSIONAL = {
    "reporter_role": "professional",
    "reporter_name": "Lærer Larsen",
    "reporter_title": "Kontaktlærer",
    "reporter_workplace": "Borkenes skole",
    "reporter_phone": "77 02 30 00",
}


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
        "topic": "rus",
        "description": "Jeg så ham kjøpe alkohol på lørdag. Treneren vet om det.",
        "recipient": "slt-koordinator",
        "submission_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def stored_report(recipient_slug="slt-koordinator", **overrides):
    """A report as the form would store it, sent to the given unit."""
    # Imported here so that valid_form() works without Django set up (tests/form_client.py).
    from concerns.models import Report
    from concerns.services import report_submit
    from levels.models import Unit

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
        "topic": None,
        "category": Report.Category.OTHER,
        "priority_area": None,
        "description": "Hemmelig beskrivelse",
        "notify_sender": False,
        "recipient": Unit.objects.get(slug=recipient_slug),
    }
    language = overrides.pop("language", "nb")
    data.update(overrides)
    report, code, _new = report_submit(data=data, submission_key=uuid.uuid4(), language=language)
    # What the sender was shown; nothing stored can give it back.
    report.receipt_code = code  # type: ignore[attr-defined]
    return report
