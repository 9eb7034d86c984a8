"""The annual report in a real Chromium: its public pages and its admin page.

The accessibility walk (test_accessibility.py) sees the seeded content, whose only
annual report is an unpublished draft. Here the 2026 report has its figures (measures
in every status, an indicator with values and a target, the concerns counted per area
in earlier years, a hidden count) and is published: axe must find nothing on the list
(empty and not) or on the report, in either language, nor on the coordinator's admin
pages for it; the charts must draw under the site's real Content-Security-Policy, and
nothing may scroll sideways at 320 px.
"""

from datetime import date
from decimal import Decimal

import pytest

from annual_reports.figures import annual_report_take_figures
from annual_reports.models import AnnualReport
from priorities.models import (
    AreaConcernCount,
    Direction,
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureStatus,
    PriorityArea,
    Source,
    Status,
)
from tests.browser.test_accessibility import axe_problems
from tests.browser.test_admin_accessibility import AxeRun
from tests.browser.test_browser_checks import CSP_LISTENER, drawing_problems
from tests.conftest import logged_in, make_staff
from tests.test_annual_report import published, received

pytestmark = pytest.mark.browser

PAGES = ["/arsrapport/", "/arsrapport/2026/"]


def fill_the_year():
    """Figures of every kind for 2026: measures, an indicator, counted years, reports."""
    goal = Goal.objects.get(plan__slug="2026-2029", area__slug="rusforebygging")
    indicator = Indicator.objects.create(
        goal=goal,
        name_nb="Andel i 10. klasse som har drukket seg beruset",
        name_en="Share in year 10 who have been drunk",
        unit_nb="prosent",
        unit_en="per cent",
        target=Decimal(10),
        direction=Direction.LOWER,
    )
    for year, value in ((2021, "19"), (2024, "16.5"), (2026, "14")):
        IndicatorValue.objects.create(
            indicator=indicator,
            year=year,
            value=Decimal(value),
            source=Source.UNGDATA,
            source_note_nb="Ungdata, 10. trinn",
        )
    statuses = [Status.DONE, Status.PAUSED, Status.DROPPED]
    for measure, status in zip(Measure.objects.order_by("pk"), statuses, strict=False):
        MeasureStatus.objects.create(measure=measure, date=date(2026, 6, 1), status=status)
    late = Measure.objects.order_by("-pk").first()
    assert late is not None
    late.end_year, late.end_month = 2026, 3
    late.save()
    area = PriorityArea.objects.get(slug="rusforebygging")
    AreaConcernCount.objects.bulk_create(
        AreaConcernCount(area=area, year=2021 + index, count=count)
        for index, count in enumerate((4, None, 0, 12, 7))
    )
    received(2026, 6, topic="rus")
    received(2026, 5, topic="trafikk")
    received(2026, 1, topic="mobbing")


def in_both_languages(paths):
    return [*paths, *("/en" + path for path in paths)]


def test_axe_finds_nothing_on_the_annual_report_pages(site, open_context, axe_source):
    context = open_context(bypass_csp=True)
    page = context.new_page()
    found = {}
    # None published yet: the list says so.
    for path in in_both_languages(PAGES[:1]):
        if problem := axe_problems(page, site, path, axe_source, 200):
            found[f"{path} (empty)"] = problem
    fill_the_year()
    published(conclusions_nb="Vi fortsetter.\n\nNeste år satser vi mer på trafikk.")
    for path in in_both_languages(PAGES):
        if problem := axe_problems(page, site, path, axe_source, 200):
            found[path] = problem
    context.close()
    assert not found, "\n".join(f"{path}: {problem}" for path, problem in found.items())


def test_the_charts_draw_under_the_real_policy_and_nothing_scrolls_sideways(site, new_context):
    fill_the_year()
    published()
    context = new_context(viewport={"width": 320, "height": 640})
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    found, charts = {}, 0
    for path in in_both_languages(PAGES[1:]):
        response = page.goto(site + path)
        assert response is not None and response.status == 200, path
        problems, drawn = drawing_problems(
            page, "svg.report-chart, svg[aria-labelledby^=indicator-]", min_height=50
        )
        charts += drawn
        bars = page.locator(".concern-trend svg rect.concern-trend__bar").count()
        if bars != 3:
            problems.append(f"{bars} bars in the concern trend, not 3")
        if problems:
            found[path] = problems
    # The topics and the indicator, in each language.
    assert charts == 4, "the charts were not on the pages"
    assert not found, "\n".join(f"{path}: {problem}" for path, problem in found.items())


@pytest.fixture
def coordinator_page(site, new_context):
    """A page logged in as the coordinator, with password and second factor, for axe."""
    client = logged_in(make_staff("koordinator", "slt-koordinator", coordinator=True))
    context = new_context(bypass_csp=True)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )
    return context.new_page()


def test_axe_finds_nothing_on_the_coordinators_annual_report_pages(
    site, coordinator_page, axe_source
):
    fill_the_year()
    page = coordinator_page
    axe = AxeRun(page, axe_source)
    draft = AnnualReport.objects.get(year=2026)
    change = f"{site}/admin/annual_reports/annualreport/{draft.pk}/change/"
    axe.check("list", 200, page.goto(f"{site}/admin/annual_reports/annualreport/"))
    axe.check("draft without figures", 200, page.goto(change))
    # Publishing without figures is refused: the page shows why.
    page.check("#id_published")
    page.click("input[name=_save]")
    page.wait_for_selector(".errornote")
    axe.check("refused publishing")
    page.uncheck("#id_published")
    with page.expect_navigation():
        page.click("input[name=_retake]")
    assert "Tallene for 2026 er hentet" in page.content()
    axe.check("draft with figures")
    axe.check("a new report", 200, page.goto(f"{site}/admin/annual_reports/annualreport/add/"))
    page.fill("#id_year", "2019")
    page.click("input[name=_save]")
    page.wait_for_selector(".errornote")
    assert "Det finnes ingen handlingsplan eller bekymringsmeldinger for 2019" in page.content()
    axe.check("a year with nothing to report on")
    annual_report_take_figures(report=draft)
    published()
    axe.check("published", 200, page.goto(change))
    axe.assert_clean()
