"""The desk and the report list at 1280 by 800 in Chromium: nothing scrolls sideways.

A coordinator on a laptop reads every column of the list (reference, received, recipient,
topic, status, deadline, case officer) without scrolling, and sees an overdue deadline by
its icon and words as well as its colour.
"""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from concerns.models import Report
from tests.conftest import logged_in, make_staff
from tests.reports import stored_report

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1280, 800
# Set to a folder to keep the screenshots, to look at them.
SCREENSHOTS = os.environ.get("DESK_SCREENSHOTS", "")

NO_SIDEWAYS_SCROLL = """() => ({
  scrollWidth: document.scrollingElement.scrollWidth,
  innerWidth: window.innerWidth,
})"""

# The list's columns, each wholly inside the window and inside the table's own box, which
# would otherwise scroll sideways on its own (Django's `.results { overflow-x: auto }`).
COLUMNS_IN_VIEW = """() => {
  const results = document.querySelector('#changelist .results');
  const frame = results.getBoundingClientRect();
  return {
    results: {scrollWidth: results.scrollWidth, clientWidth: results.clientWidth},
    columns: [...document.querySelectorAll('#result_list thead th')].map((th) => {
      const box = th.getBoundingClientRect();
      return {
        name: th.className,
        inside: box.left >= Math.max(0, frame.left) - 1
          && box.right <= Math.min(window.innerWidth, frame.right) + 1,
      };
    }),
  };
}"""


def _wide_reports():
    """Reports with the longest unit name, topics and a long case officer's name."""
    officer = make_staff("saksbehandler", "politiet")
    officer.first_name, officer.last_name = "Kristoffer Andreas", "Johannessen-Solberg"
    officer.save()
    late = stored_report("politiet")
    Report.objects.filter(pk=late.pk).update(
        due_date=timezone.localdate() - timedelta(days=3),
        assignee=officer,
        status=Report.Status.NEW,
        new_from_sender=True,
    )
    for slug in ["barnevernstjenesten", "helsestasjonen", "borkenes-skole", "slt-koordinator"]:
        stored_report(slug)
    return late


def _open_as(user, site, new_context):
    client = logged_in(user)
    context = new_context(viewport={"width": WIDTH, "height": HEIGHT})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )
    return context.new_page()


def _shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


@pytest.mark.parametrize(
    ("persona", "unit", "coordinator"),
    [("koordinator", "slt-koordinator", True), ("laerer", "politiet", False)],
)
def test_desk_and_report_list_fit_1280_pixels(site, new_context, persona, unit, coordinator):
    late = _wide_reports()
    page = _open_as(make_staff(persona, unit, coordinator=coordinator), site, new_context)
    for name, path in [
        ("desk", "/admin/"),
        ("list", "/admin/concerns/report/"),
        ("list-overdue", "/admin/concerns/report/?frist=overdue"),
        ("report", f"/admin/concerns/report/{late.pk}/change/"),
    ]:
        response = page.goto(site + path)
        assert response is not None and response.status == 200, path
        assert "/admin/login/" not in page.url
        _shot(page, f"{persona}-{name}")
        size = page.evaluate(NO_SIDEWAYS_SCROLL)
        assert size["scrollWidth"] <= size["innerWidth"], (path, size)
        if name.startswith("list"):
            table = page.evaluate(COLUMNS_IN_VIEW)
            assert len(table["columns"]) == 7, table
            outside = [column["name"] for column in table["columns"] if not column["inside"]]
            assert not outside, (path, outside)
            assert table["results"]["scrollWidth"] <= table["results"]["clientWidth"], path


def test_overdue_is_shown_by_icon_and_words_in_the_list(site, new_context):
    late = _wide_reports()
    page = _open_as(
        make_staff("koordinator", "slt-koordinator", coordinator=True), site, new_context
    )
    page.goto(site + "/admin/concerns/report/")
    row = page.locator("#result_list tbody tr", has_text=late.reference)
    marked = row.locator(".deadline--overdue")
    assert marked.locator("svg[aria-hidden='true']").count() == 1
    assert "over fristen" in marked.inner_text()
    assert (timezone.localdate() - timedelta(days=3)).strftime("%d.%m.%Y") in marked.inner_text()
