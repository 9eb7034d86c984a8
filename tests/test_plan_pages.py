"""The public plan pages: the current plan by area with progress, earlier plans, the area
pages with goals, measures and indicator charts, the no-data states, both languages,
and query counts that do not grow with the plan."""

import re
from decimal import Decimal

import pytest

from levels.models import Level, Unit
from priorities.models import (
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureStatus,
    Plan,
    PriorityArea,
    Source,
    Status,
)
from tests.plan_content import more_plan_content
from tests.public_urls import LANGUAGES, ROUTES_BY_NAME

pytestmark = pytest.mark.django_db


PLAN = "/handlingsplan/"
AREA = "/satsingsomrader/trafikksikkerhet/"


def main(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def found(pattern, text, flags=0, group=0):
    match = re.search(pattern, text, flags)
    assert match is not None, pattern
    return match.group(group)


def test_the_plan_page_shows_the_current_plan_by_area_with_progress(resident):
    html = main(resident.get(PLAN))
    assert "<h1" in html and "Handlingsplan SLT 2026–2029</h1>" in html
    assert "Utkast til gjennomgang." in html
    for area in PriorityArea.objects.all():
        assert area.title_nb in html
        assert area.get_absolute_url() in html
    assert "Barn og unge kommer trygt fram til skole og fritid." in html
    assert "0 av 2 tiltak gjennomført" in html
    assert "Pågår: 2" in html
    assert 'href="/kontakt/#politiet"' in html
    assert 'href="/moter/"' in html


def test_the_plan_page_in_english(resident):
    html = main(resident.get("/en" + PLAN))
    assert "SLT action plan 2026–2029</h1>" in html
    assert "Draft for review." in html
    assert "Children and young people get safely to school and leisure activities." in html
    assert "0 of 2 measures done" in html
    assert "Ongoing: 2" in html
    assert "Road safety teaching in school" in html
    assert 'href="/en/satsingsomrader/trafikksikkerhet/"' in html


def test_progress_counts_each_status_and_the_done_ones(resident):
    goal = Goal.objects.get(area__slug="trafikksikkerhet")
    first = goal.measures.order_by("position")[0]
    MeasureStatus.objects.create(measure=first, status=Status.DONE, comment_nb="Ferdig.")
    Measure.objects.create(area=goal.area, goal=goal, title_nb="Nytt og planlagt")
    html = main(resident.get(PLAN))
    section = html[html.index('id="area-trafikksikkerhet"') :]
    section = section[: section.index("</section>")]
    assert "1 av 3 tiltak gjennomført" in section
    for count in ("Planlagt: 1", "Pågår: 1", "Gjennomført: 1"):
        assert count in section
    # The bar is a picture of the counts beside it, hidden from screen readers.
    bar = found(r'<svg class="progress__bar"[^>]*>', section)
    assert 'aria-hidden="true"' in bar and 'viewBox="0 0 3 1"' in bar


def test_an_earlier_plan_stays_readable_and_points_to_the_current_one(resident):
    earlier = Plan.objects.create(
        slug="2022-2025",
        title_nb="Handlingsplan SLT 2022–2025",
        title_en="SLT action plan 2022–2025",
        start_year=2022,
        end_year=2025,
    )
    area = PriorityArea.objects.get(slug="beredskap")
    goal = Goal.objects.create(plan=earlier, area=area, text_nb="Et eldre mål")
    Measure.objects.create(area=area, goal=goal, title_nb="Et avsluttet tiltak")
    html = main(resident.get("/handlingsplan/2022-2025/"))
    assert "Handlingsplan SLT 2022–2025</h1>" in html
    assert "Dette er en tidligere plan." in html
    assert "Et eldre mål" in html and "Et avsluttet tiltak" in html
    assert "Utkast til gjennomgang" not in html
    # The current plan's page and the area page leave the earlier plan's goals out.
    current = main(resident.get(PLAN))
    assert "Et eldre mål" not in current
    assert 'href="/handlingsplan/2022-2025/"' in current
    assert "Et eldre mål" not in main(resident.get("/satsingsomrader/beredskap/"))
    assert "This is an earlier plan." in main(resident.get("/en/handlingsplan/2022-2025/"))


def test_unpublished_plans_goals_and_measures_are_hidden(resident):
    Plan.objects.create(
        slug="utkast", title_nb="Hemmelig utkast", start_year=2030, end_year=2033, published=False
    )
    assert resident.get("/handlingsplan/utkast/").status_code == 404
    assert resident.get("/handlingsplan/finnes-ikke/").status_code == 404
    Measure.objects.filter(title_nb="Trafikkopplæring i skolen").update(published=False)
    Goal.objects.filter(area__slug="beredskap").update(published=False)
    for path in (PLAN, "/satsingsomrader/trafikksikkerhet/", "/satsingsomrader/beredskap/"):
        html = main(resident.get(path))
        assert "Hemmelig utkast" not in html
        assert "Trafikkopplæring i skolen" not in html
        assert "Tjenestene vet hvem som gjør hva" not in html


def test_with_no_plan_published_the_pages_say_so(resident):
    Plan.objects.update(published=False)
    html = main(resident.get(PLAN))
    assert "Ingen handlingsplan er publisert ennå." in html
    area = main(resident.get(AREA))
    # The measures are in the unpublished plan, and hidden with it.
    assert "Trafikkopplæring i skolen" not in area
    assert "Mål og tiltak i handlingsplanen" not in area
    assert "Tiltakene er ikke lagt inn ennå." in area
    assert "No action plan has been published yet." in main(resident.get("/en" + PLAN))


def test_a_goal_or_area_with_nothing_in_it_says_no_data_yet(resident):
    plan = Plan.objects.get(slug="2026-2029")
    area = PriorityArea.objects.create(slug="tomt", title_nb="Tomt område", summary_nb="Kort.")
    html = main(resident.get(PLAN))
    section = html[html.index('id="area-tomt"') :]
    assert "Ingen mål er lagt inn for dette satsingsområdet ennå." in section
    Goal.objects.create(plan=plan, area=area, text_nb="Et nytt mål")
    page = main(resident.get("/satsingsomrader/tomt/"))
    assert "Et nytt mål" in page
    assert "Ingen tiltak er lagt inn ennå." in page
    assert "Ingen indikatorer er lagt inn ennå." in page
    english = main(resident.get("/en/satsingsomrader/tomt/"))
    assert "No measures have been entered yet." in english
    assert "No indicators have been entered yet." in english


def add_indicator(**fields):
    goal = Goal.objects.get(area__slug="rusforebygging")
    indicator = Indicator.objects.create(
        goal=goal,
        name_nb="Andel i 10. klasse som har drukket seg beruset",
        name_en="Share in year 10 who have been drunk",
        unit_nb="prosent",
        unit_en="per cent",
        target=Decimal("10"),
        direction="lower",
        **fields,
    )
    for year, value in ((2021, "18.5"), (2024, "14"), (2026, "12.25")):
        IndicatorValue.objects.create(
            indicator=indicator,
            year=year,
            value=Decimal(value),
            source=Source.UNGDATA,
            source_note_nb="Ungdata, 10. trinn",
            source_note_en="Ungdata, year 10",
        )
    return indicator


def test_an_indicator_has_a_chart_with_a_target_line_and_its_values_in_words(resident):
    indicator = add_indicator()
    html = main(resident.get("/satsingsomrader/rusforebygging/"))
    svg = found(r"<svg class=\"indicator-chart\".*?</svg>", html, re.S)
    ids = f"indicator-{indicator.pk}-title indicator-{indicator.pk}-desc"
    assert f'role="img" aria-labelledby="{ids}"' in svg
    assert f'<title id="indicator-{indicator.pk}-title">Utviklingen for Andel' in svg
    description = found(r"<desc[^>]*>(.*?)</desc>", svg, group=1)
    assert description == (
        "Måleenhet: prosent. Målverdi: 10. Lavere er bedre. Målt: 2021: 18,5; 2024: 14; 2026: 12,25."
    )
    assert 'class="indicator-chart__target"' in svg and "Mål: 10" in svg
    assert svg.count("<circle") == 3
    # Coordinates in SVG syntax whatever the language: "166,0" would be two numbers.
    assert not re.search(r'(x|y|x1|y1|x2|y2|cx|cy)="[0-9.]*,', svg)
    # The same values as a table, with their sources.
    table = html[html.index('<table class="ds-table indicator__values"') :]
    table = table[: table.index("</table>")]
    assert "<caption>Målinger: Andel i 10. klasse som har drukket seg beruset</caption>" in table
    assert '<th scope="row">2021</th><td>18,5</td><td>Ungdata: Ungdata, 10. trinn</td>' in table
    assert "Målverdi: 10 prosent. Lavere er bedre." in html
    english = main(resident.get("/en/satsingsomrader/rusforebygging/"))
    assert "Measured: 2021: 18.5; 2024: 14; 2026: 12.25." in english
    assert "<td>Ungdata: Ungdata, year 10</td>" in english
    # The plan page shows the same chart.
    assert ids in main(resident.get(PLAN))


def test_an_indicator_without_values_says_no_measurements_yet(resident):
    goal = Goal.objects.get(area__slug="beredskap")
    Indicator.objects.create(goal=goal, name_nb="Øvelser per år", unit_nb="antall")
    html = main(resident.get("/satsingsomrader/beredskap/"))
    assert "Øvelser per år" in html
    assert "Ingen målinger ennå." in html
    assert '<svg class="indicator-chart"' not in html


def test_a_single_value_is_a_point_without_a_line(resident):
    goal = Goal.objects.get(area__slug="beredskap")
    indicator = Indicator.objects.create(goal=goal, name_nb="Øvelser per år", unit_nb="antall")
    IndicatorValue.objects.create(indicator=indicator, year=2026, value=2, source=Source.OTHER)
    html = main(resident.get("/satsingsomrader/beredskap/"))
    assert html.count("<circle") == 1 and "<polyline" not in html


def test_the_area_page_shows_status_period_units_and_the_log(resident):
    measure = Measure.objects.get(title_nb="Holdningsarbeid med unge førere")
    measure.start_year, measure.start_month, measure.end_year, measure.end_month = 2026, 3, 2027, 6
    measure.decided_at = Level.objects.get(position=2)
    measure.save()
    MeasureStatus.objects.create(
        measure=measure, status=Status.PAUSED, comment_nb="Venter på ny politikontakt."
    )
    html = main(resident.get(AREA))
    article = html[html.index("Holdningsarbeid med unge førere") :]
    article = article[: article.index("</article>")]
    assert 'data-color="warning">Satt på pause</span>' in article
    assert "mars 2026 – juni 2027" in article
    assert 'href="/kontakt/#politiet"' in article
    assert f"<dd>{measure.decided_at.name_nb}</dd>" in article
    assert "Statushistorikk" in article and "Venter på ny politikontakt." in article
    english = main(resident.get("/en" + AREA))
    assert "Paused" in english and "March 2026 – June 2027" in english


def test_measures_outside_any_plan_stay_on_their_area_page(resident):
    area = PriorityArea.objects.get(slug="trafikksikkerhet")
    Measure.objects.create(area=area, title_nb="Refleksvest til alle førsteklassinger")
    html = main(resident.get(AREA))
    assert "Andre tiltak" in html
    assert "Refleksvest til alle førsteklassinger" in html


def test_an_unpublished_unit_is_not_named_on_the_plan_pages(resident):
    Unit.objects.filter(slug="politiet").update(published=False)
    for path in (PLAN, AREA):
        assert "#politiet" not in main(resident.get(path))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("plan:current", "/handlingsplan/"),
        ("plan:detail", "/handlingsplan/2022-2025/"),
        ("priorities:detail", "/satsingsomrader/beredskap/"),
    ],
)
def test_query_counts_stay_pinned_with_many_plans_goals_measures_indicators_and_values(
    resident, django_assert_num_queries, name, path, language
):
    more_plan_content()
    assert Indicator.objects.count() > 20 and IndicatorValue.objects.count() > 80
    prefix = "/en" if language == "en" else ""
    with django_assert_num_queries(ROUTES_BY_NAME[name].page.queries, info=path):
        response = resident.get(prefix + path)
    assert response.status_code == 200
    assert '<svg class="indicator-chart"' in response.content.decode()


def test_the_pinned_counts_are_the_ones_reported():
    assert ROUTES_BY_NAME["plan:current"].page.queries == 8
    assert ROUTES_BY_NAME["plan:detail"].page.queries == 8
    assert ROUTES_BY_NAME["priorities:detail"].page.queries == 10
    assert ROUTES_BY_NAME["meetings:list"].page.queries == 3
    assert ROUTES_BY_NAME["meetings:detail"].page.queries == 5
    assert ROUTES_BY_NAME["bodies:detail"].page.queries == 5


def test_the_menu_leads_to_the_plan(resident):
    html = resident.get("/").content.decode()
    assert 'href="/handlingsplan/"' in html
    assert '<a class="ds-link site-nav__link" href="/handlingsplan/" aria-current="page">' in (
        resident.get(PLAN).content.decode()
    )
