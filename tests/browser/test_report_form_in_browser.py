"""The concern form as a person uses it in Chromium: errors, then a receipt, checked by axe."""

import re

import pytest

from concerns.models import Report
from tests.browser.test_accessibility import describe

pytestmark = pytest.mark.browser


def axe_violations(page, axe_source):
    page.add_script_tag(content=axe_source)
    return page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")["violations"]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_errors_then_receipt_with_no_axe_violations(site, new_context, axe_source, prefix):
    page = new_context(bypass_csp=True).new_page()
    page.goto(site + prefix + "/bekymring/")
    assert not (violations := axe_violations(page, axe_source)), describe(violations)

    # A public employee who leaves out who they are, and an age out of range.
    page.check("#id_reporter_role_0")
    page.fill("#id_child_age", "30")
    page.check("#id_guardians_informed_1")
    page.select_option("#id_topic", "radikalisering")
    page.fill("#id_description", "Han har begynt å dele voldelige videoer.")
    page.check("input[name=recipient][value=politiet]")
    page.click("button[type=submit]")

    summary = page.locator(".ds-error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert summary.locator('a[href="#id_child_age"]').count() == 1
    assert summary.locator('a[href="#id_reporter_name"]').count() == 1
    assert page.input_value("#id_description") == "Han har begynt å dele voldelige videoer."
    assert page.is_checked("input[name=recipient][value=politiet]")
    summary.locator('a[href="#id_child_age"]').click()
    assert page.evaluate("document.activeElement.id") == "id_child_age"
    assert Report.objects.count() == 0
    assert not (violations := axe_violations(page, axe_source)), describe(violations)

    page.fill("#id_reporter_name", "Kari Lærer")
    page.fill("#id_reporter_title", "Kontaktlærer")
    page.fill("#id_reporter_workplace", "Borkenes skole")
    page.fill("#id_reporter_email", "kari@example.org")
    page.fill("#id_child_age", "15")
    page.click("button[type=submit]")

    # The URL keeps the #id_child_age fragment from the error summary link.
    page.wait_for_url(re.compile(r"/bekymring/kvittering/(#.*)?$"))
    report = Report.objects.get()
    assert report.recipient.slug == "politiet"
    assert report.reference in page.locator("main").inner_text()
    assert not (violations := axe_violations(page, axe_source)), describe(violations)

    page.reload()
    assert Report.objects.count() == 1


def test_counter_shows_characters_left(site, page):
    page.goto(site + "/bekymring/")
    page.fill("#id_description", "Hei")
    assert page.locator(".counter").inner_text() == "3997 tegn igjen"


def test_counter_says_how_much_too_long_a_pasted_text_is(site, page):
    page.goto(site + "/bekymring/")
    page.fill("#id_description", "x" * 4010)
    assert page.input_value("#id_description") == "x" * 4010
    assert page.locator(".counter").inner_text() == "10 tegn for mye"
