"""The sender looks up a report's status with the reference and the receipt code."""

import re

import pytest

from concerns.models import Report, ReportEvent
from tests.reports import valid_form

pytestmark = pytest.mark.django_db

STATUS = "/bekymring/status/"


@pytest.fixture
def receipt(resident):
    resident.post("/bekymring/", valid_form())
    html = resident.get("/bekymring/kvittering/").content.decode()
    reference = re.search(r"SLT-\d{4}-\d{4,}", html)
    code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", html)
    assert reference is not None and code is not None, html
    return reference.group(0), code.group(0)


def test_status_shows_status_and_the_units_message_never_the_content(resident, receipt):
    reference, code = receipt
    Report.objects.filter(reference=reference).update(status=Report.Status.IN_PROGRESS)
    ReportEvent.objects.create(
        report=Report.objects.get(reference=reference),
        kind=ReportEvent.Kind.MESSAGE,
        detail="Vi følger opp saken.",
    )
    lookup = resident.post(STATUS, {"reference": reference, "code": code})
    # POST/redirect/GET: the conversation is open in the session, never in the URL.
    assert lookup.status_code == 302 and lookup.url == STATUS
    html = resident.get(STATUS).content.decode()
    assert "Under arbeid" in html
    assert "Vi følger opp saken." in html
    assert "Ola Nordmann" not in html
    assert "alkohol" not in html


def test_code_is_forgiving_about_case_spaces_and_dashes(resident, receipt):
    reference, code = receipt
    sloppy = code.lower().replace("-", " ")
    html = resident.post(
        STATUS, {"reference": reference.lower(), "code": sloppy}, follow=True
    ).content.decode()
    assert "<dd>Ny</dd>" in html and reference.upper() in html


@pytest.mark.parametrize("field", ["reference", "code"])
def test_wrong_reference_or_code_reveals_nothing(resident, receipt, field):
    reference, code = receipt
    data = {"reference": reference, "code": code, field: "SLT-2000-9999"}
    html = resident.post(STATUS, data).content.decode()
    assert "Vi fant ingen melding med denne referansen og kvitteringskoden" in html
    assert "Mottatt" not in html


def test_status_lookup_is_post_only_so_codes_stay_out_of_urls(resident, receipt):
    reference, code = receipt
    html = resident.get(STATUS, {"reference": reference, "code": code}).content.decode()
    assert "Skriv inn referansen og kvitteringskoden" in html
    assert 'method="post"' in html


def test_receipt_without_a_submission_explains_itself(resident):
    html = resident.get("/bekymring/kvittering/").content.decode()
    assert "Ingen kvittering å vise" in html
