"""The status lookup at /bekymring/status/ never fails, never writes, and shows a report only
for its own reference and receipt code, however the code is typed; every miss reads the same."""

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import event, example, given, note, settings
from hypothesis import strategies as st

from concerns.models import ReportEvent
from tests.reliability.bad_input.strategies import (
    BOUNDED,
    FORGED_CHOICES,
    STATUS,
    counts,
    free_text,
    hostile_snippets_in,
    too_big,
)
from tests.reports import stored_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_report(db):
    report = stored_report("helsestasjonen")
    ReportEvent.objects.create(
        report=report, kind=ReportEvent.Kind.MESSAGE, detail="Vi følger opp."
    )
    return report, report.receipt_code


def retypings():
    """How a person might type a code: any letter in lower case, spaces and dashes anywhere."""
    return st.lists(
        st.tuples(st.booleans(), st.sampled_from(["", "", "", " ", "-", "  "])),
        min_size=14,
        max_size=14,
    )


def retype(code, plan):
    return "".join(
        (ch.lower() if lower else ch) + gap for ch, (lower, gap) in zip(code, plan, strict=True)
    )


@settings(BOUNDED, max_examples=150)
@given(
    reference=st.one_of(
        st.sampled_from(["own", "own-lower", "other"]),
        free_text(),
        st.sampled_from(FORGED_CHOICES),
    ),
    code=st.one_of(st.just("own"), retypings(), free_text(), st.sampled_from(FORGED_CHOICES)),
    language=st.sampled_from(["nb", "en"]),
)
@example(reference="own", code="own", language="nb")
@example(reference="own", code="\x00", language="nb")
@example(reference="' OR '1'='1", code="' OR '1'='1", language="en")
def test_the_status_lookup_never_fails_never_writes_and_needs_the_right_code(
    known_report, reference, code, language
):
    report, real_code = known_report
    cache.clear()
    reference = {
        "own": report.reference,
        "own-lower": f"  {report.reference.lower()} ",
        "other": "SLT-2026-9999",
    }.get(reference, reference)
    if code == "own":
        code = real_code
    elif isinstance(code, list):
        code = retype(real_code, code)
        note(f"code typed as {code!r}")
    path = STATUS if language == "nb" else "/en" + STATUS
    before = counts()

    posted = {"reference": reference, "code": code}
    # A lookup that finds the report opens it in the session and redirects to it.
    response = Client().post(path, posted, follow=True)

    assert counts() == before
    if too_big(posted, "multipart"):
        assert response.status_code == 400
        return
    assert response.status_code == 200
    html = response.content.decode()
    typed_code = code.strip()
    should_find = (
        reference.strip().upper() == report.reference
        and len(reference.strip()) <= 20
        and len(typed_code) <= 20
        and "\x00" not in typed_code
        and typed_code.replace("-", "").replace(" ", "").upper() == real_code.replace("-", "")
    )
    event("found" if should_find else "not found")
    assert ("Vi følger opp." in html) == should_find
    # A found report is shown in the language it was written in; a miss in the page's.
    assert f'<html lang="{report.language if should_find else language}"' in html
    # The form's own check runs even when a field is wrong, so every miss says the same.
    not_found = {
        "nb": "Vi fant ingen melding med denne referansen og kvitteringskoden.",
        "en": "We could not find a report with this reference and receipt code.",
    }[language]
    assert (not_found in html) == (not should_find)
    assert ('id="error-summary"' in html) == (not should_find)
    for snippet in hostile_snippets_in([reference, code]):
        assert snippet not in html
