"""The plan and meeting pages with everything they can show, in a real Chromium.

The accessibility walk (test_accessibility.py) sees the seeded content, which has no
indicator, no approved minutes and no concern counts yet. Here the plan has indicators
with values (the SVG charts and their tables), a measure with a status history, a held
meeting whose main points and decisions are public, and two areas with the concerns
reported in them by year: axe must find nothing on any of them in either language, no
page may scroll sideways at 320 px, and the charts must draw under the site's real
Content-Security-Policy.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from levels.models import Body, Level
from priorities.models import (
    AgendaItem,
    AreaConcernCount,
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureStatus,
    Meeting,
    PriorityArea,
    Source,
    Status,
)
from tests.browser.test_accessibility import axe_problems
from tests.browser.test_browser_checks import CSP_LISTENER, drawing_problems

pytestmark = pytest.mark.browser


def fill_the_plan():
    """Indicators with values in two areas, a varied status log, and a held meeting."""
    for slug, name, values, target in (
        ("rusforebygging", "Andel i 10. klasse som har drukket seg beruset", (19, 16.5, 14), 10),
        ("trafikksikkerhet", "Skadde unge i trafikken", (4, 3), None),
    ):
        goal = Goal.objects.get(area__slug=slug)
        indicator = Indicator.objects.create(
            goal=goal,
            name_nb=name,
            name_en=name + " (en)",
            unit_nb="prosent",
            unit_en="per cent",
            target=Decimal(target) if target is not None else None,
            direction="lower",
            description_nb="Hentet fra undersøkelsen hvert tredje år.",
        )
        for year, value in zip((2021, 2024, 2026), values, strict=False):
            IndicatorValue.objects.create(
                indicator=indicator,
                year=year,
                value=Decimal(str(value)),
                source=Source.UNGDATA,
                source_note_nb="Ungdata, 10. trinn",
            )
    measure = Measure.objects.get(title_nb="Trafikkopplæring i skolen")
    measure.decided_at = Level.objects.get(position=2)
    measure.start_year, measure.start_month, measure.end_year, measure.end_month = 2026, 1, 2027, 6
    measure.save()
    for status in (Status.PAUSED, Status.DONE):
        MeasureStatus.objects.create(measure=measure, status=status, comment_nb="Oppdatert.")
    other = Measure.objects.get(title_nb="Holdningsarbeid med unge førere")
    MeasureStatus.objects.create(measure=other, status=Status.DROPPED, comment_nb="Avsluttet.")
    start = timezone.now() - timedelta(days=20)
    meeting = Meeting.objects.create(
        body=Body.objects.get(slug="forebyggende-forum"),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place_nb="Kvæfjord helsehus",
        minutes_nb="Forumet gikk gjennom tiltakene for trafikksikkerhet.",
        approved_on=timezone.localdate(),
    )
    item = AgendaItem.objects.create(
        meeting=meeting,
        number=7,
        title_nb="Trafikksikkerhet",
        description_nb="Status for tiltakene.",
        decision_nb="Forumet ber skolen fortsette opplæringen.",
    )
    item.areas.set([PriorityArea.objects.get(slug="trafikksikkerhet")])
    item.measures.set([measure])
    # The concerns reported per year, a hidden one among them, beside the measures.
    for slug, counts in (("rusforebygging", (4, None, 0, 12, 7)), ("trafikksikkerhet", (3,))):
        AreaConcernCount.objects.bulk_create(
            AreaConcernCount(area=PriorityArea.objects.get(slug=slug), year=2021 + i, count=n)
            for i, n in enumerate(counts)
        )
    with translation.override("nb"):
        return [
            "/handlingsplan/",
            "/satsingsomrader/rusforebygging/",
            "/satsingsomrader/trafikksikkerhet/",
            "/moter/",
            meeting.get_absolute_url(),
            "/organisering/forebyggende-forum/",
        ]


def in_both_languages(paths):
    return [*paths, *("/en" + path for path in paths)]


def test_axe_finds_nothing_on_a_filled_plan_and_a_held_meeting(site, open_context, axe_source):
    paths = in_both_languages(fill_the_plan())
    context = open_context(bypass_csp=True)
    page = context.new_page()
    found = {}
    for path in paths:
        if problem := axe_problems(page, site, path, axe_source, 200):
            found[path] = problem
    context.close()
    assert not found, "\n".join(f"{path}: {problem}" for path, problem in found.items())


def test_the_charts_draw_under_the_real_policy_and_nothing_scrolls_sideways(site, new_context):
    paths = in_both_languages(fill_the_plan())
    context = new_context(viewport={"width": 320, "height": 640})
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    found, charts, trends = {}, 0, 0
    for path in paths:
        response = page.goto(site + path)
        assert response is not None and response.status == 200, path
        problems, drawn = drawing_problems(page, "svg.indicator-chart", min_height=80)
        charts += drawn
        trends += page.locator(".concern-trend svg rect.concern-trend__bar").count()
        if problems:
            found[path] = problems
    assert charts >= 12, "the charts were not on the pages"
    # Three bars on one area's page, one on the other's, in each language.
    assert trends == 8, "the concern trends were not drawn"
    assert not found, "\n".join(f"{path}: {problem}" for path, problem in found.items())
