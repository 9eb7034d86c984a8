"""From case to plan: the concerns reported in each priority area, counted once a year by
the confidential side and shown on the area's page beside its measures."""

import io
import itertools
import re
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from concerns.models import Report, Topic
from concerns.statistics import Period, report_figures
from concerns.statistics.areas import area_counts_record, area_figures
from concerns.statistics.tasks import count_area_concerns, start_counting
from concerns.tasks import next_morning
from core.public import public_figures, public_models, shown_models
from priorities.charts import concern_trend
from priorities.models import AreaConcernCount, PriorityArea
from tests.reports import stored_report
from tests.test_public_routes import H1

pytestmark = pytest.mark.django_db

LAST_YEAR = timezone.localdate().year - 1
AREA = "/satsingsomrader/rusforebygging/"
TASK_PATH = "concerns.statistics.tasks.count_area_concerns"


def received(year, month=6, day=15, count=1, *, topic=None, area=None, unit="slt-koordinator"):
    """`count` reports as the form stores them, received on that local day.

    With a topic, the category and area follow from it, as on the form; with only an
    area, the report names the area without a topic (as before the topics existed).
    """
    fields = {}
    if topic is not None:
        chosen = Topic.objects.get(slug=topic)
        fields = {
            "topic": chosen,
            "category": chosen.report_category,
            "priority_area": chosen.priority_area,
        }
    elif area is not None:
        fields = {
            "category": Report.Category.PRIORITY_AREA,
            "priority_area": PriorityArea.objects.get(slug=area),
        }
    moment = timezone.make_aware(datetime(year, month, day, 12))
    for _ in range(count):
        report = stored_report(unit, **fields)
        Report.objects.filter(pk=report.pk).update(created_at=moment)


def counts_of(year):
    return {
        row.area.slug: row.count
        for row in AreaConcernCount.objects.filter(year=year).select_related("area")
    }


def main(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def trend_section(response):
    html = main(response)
    return html[html.index('aria-labelledby="concerns-heading"') :]


# The writer


def test_the_counts_agree_with_the_statistics_for_the_year():
    received(LAST_YEAR, count=4, topic="rus")
    received(LAST_YEAR, month=2, count=3, topic="vold-eller-overgrep")
    received(LAST_YEAR, month=11, count=5, topic="trafikk")
    # Named the area without a topic: counted under the area, as the statistics do.
    received(LAST_YEAR, count=3, area="beredskap")
    received(LAST_YEAR, count=2, area="rusforebygging")
    # In no area: in the year's total, in no area's count.
    received(LAST_YEAR, count=3, topic="mobbing")
    received(LAST_YEAR, count=2, topic="radikalisering")

    assert area_counts_record() == [LAST_YEAR]

    by_topic = report_figures(Period.year(LAST_YEAR), min_count=1).by_topic
    area_of_row = {f"topic:{topic.slug}": topic.priority_area for topic in Topic.objects.all()}
    area_of_row |= {f"area:{area.pk}": area for area in PriorityArea.objects.all()}
    expected = {area.slug: 0 for area in PriorityArea.objects.published()}
    for row in by_topic.rows:
        assert row.count is not None  # min_count=1 hides nothing
        if area := area_of_row.get(row.key):
            expected[area.slug] += row.count
    assert expected == {
        "rusforebygging": 6,
        "vold-og-overgrep": 3,
        "trafikksikkerhet": 5,
        "arbeidsmarkedskriminalitet": 0,
        "beredskap": 3,
    }
    # Every report of the year is in exactly one area or in none.
    assert sum(expected.values()) + 5 == report_figures(Period.year(LAST_YEAR)).total
    # What is stored is the statistics' own by_area table, suppressed with the topics:
    # Rusforebygging's 6 would give away the 2 reports that name the area without a
    # topic, hidden beside Rus's 4 in the topic table.
    by_area = report_figures(Period.year(LAST_YEAR)).by_area
    assert counts_of(LAST_YEAR) == {
        slug: by_area.count(f"area:{PriorityArea.objects.get(slug=slug).pk}") for slug in expected
    }
    assert counts_of(LAST_YEAR) == {**expected, "rusforebygging": None}


def test_no_hidden_topic_can_be_worked_out_from_the_areas_and_the_topic_table():
    """Two topics in one area: a shown area count and a shown topic must not give the
    other topic away, and nothing else published may either (tried by brute force)."""
    area = PriorityArea.objects.get(slug="rusforebygging")
    Topic.objects.create(
        slug="rus-2", label_nb="Rus, annet", priority_area=area, position=99, published=True
    )
    received(LAST_YEAR, count=5, topic="rus")
    received(LAST_YEAR, count=1, topic="rus-2")
    received(LAST_YEAR, count=4, topic="mobbing")
    received(LAST_YEAR, count=6, topic="trafikk")
    area_counts_record()

    figures = report_figures(Period.year(LAST_YEAR))
    published_areas = {
        row.area.pk: row.count
        for row in AreaConcernCount.objects.filter(year=LAST_YEAR).select_related("area")
    }
    rows = figures.by_topic.rows
    assert figures.by_topic.count("topic:rus-2") is None
    members = {
        pk: [i for i, row in enumerate(rows) if row.key in _rows_of_area(pk)]
        for pk in published_areas
    }
    hidden = [i for i, row in enumerate(rows) if row.count is None]
    possible: dict[int, set[int]] = {i: set() for i in hidden}
    total = figures.total
    assert total is not None
    # Every way to fill the hidden rows (each at least 1) that agrees with all that is shown.
    for guess in itertools.product(range(1, total + 1), repeat=len(hidden)):
        counts = [row.count for row in rows]
        for i, value in zip(hidden, guess, strict=True):
            counts[i] = value
        if sum(counts) != total:  # type: ignore[arg-type]
            continue
        if any(
            shown is not None and sum(counts[i] for i in members[pk]) != shown  # type: ignore[misc]
            for pk, shown in published_areas.items()
        ):
            continue
        for i, value in zip(hidden, guess, strict=True):
            possible[i].add(value)
    assert all(len(values) >= 2 for values in possible.values()), possible


def _rows_of_area(pk):
    topics = Topic.objects.filter(priority_area_id=pk).values_list("slug", flat=True)
    return {f"area:{pk}", *(f"topic:{slug}" for slug in topics)}


def test_small_counts_are_hidden_and_never_alone():
    received(LAST_YEAR, count=1, topic="rus")
    received(LAST_YEAR, count=4, topic="vold-eller-overgrep")
    received(LAST_YEAR, count=9, topic="trafikk")
    received(LAST_YEAR, count=6, topic="annet")

    area_counts_record()

    counts = counts_of(LAST_YEAR)
    assert counts["rusforebygging"] is None
    # Never alone: the statistics' total and their other rows would otherwise leave the 1
    # to subtract. The count hidden beside it is the topic "annet", in no area, which
    # hides one cell where hiding Vold og overgrep would take its topic row too.
    assert report_figures(Period.year(LAST_YEAR)).by_topic.count("topic:annet") is None
    assert counts["vold-og-overgrep"] == 4
    assert counts["trafikksikkerhet"] == 9
    # A zero is nobody: shown.
    assert counts["arbeidsmarkedskriminalitet"] == 0
    assert counts["beredskap"] == 0
    row = AreaConcernCount.objects.get(year=LAST_YEAR, area__slug="rusforebygging")
    assert row.hidden


def test_a_single_small_area_in_a_year_hides_the_smallest_shown_one_too():
    received(LAST_YEAR, count=2, topic="trafikk")
    received(LAST_YEAR, count=3, topic="rus")
    received(LAST_YEAR, count=7, topic="utnyttelse-i-arbeid")
    area_counts_record()
    hidden = [slug for slug, count in counts_of(LAST_YEAR).items() if count is None]
    assert sorted(hidden) == ["rusforebygging", "trafikksikkerhet"]


def test_the_year_in_progress_is_never_counted():
    this_year = timezone.localdate().year
    received(this_year, month=1, day=2, count=5, topic="rus")
    assert area_counts_record() == []
    assert not AreaConcernCount.objects.exists()
    # The morning after it ends, it is.
    assert area_counts_record(today=date(this_year + 1, 1, 1)) == [this_year]
    assert counts_of(this_year)["rusforebygging"] == 5


def test_every_ended_year_with_reports_is_counted_once_for_each_published_area():
    received(LAST_YEAR - 3, count=3, topic="rus")
    received(LAST_YEAR, count=3, topic="trafikk")
    PriorityArea.objects.filter(slug="beredskap").update(published=False)
    assert area_counts_record() == [LAST_YEAR - 3, LAST_YEAR]
    # No reports in the years between: no rows for them, not a row of zeros.
    assert sorted(set(AreaConcernCount.objects.values_list("year", flat=True))) == [
        LAST_YEAR - 3,
        LAST_YEAR,
    ]
    assert (
        set(counts_of(LAST_YEAR))
        == {area.slug for area in PriorityArea.objects.published()}
        == {"rusforebygging", "vold-og-overgrep", "trafikksikkerhet", "arbeidsmarkedskriminalitet"}
    )


def test_a_counted_year_is_never_counted_again_or_overwritten():
    received(LAST_YEAR, count=3, topic="rus")
    assert area_counts_record() == [LAST_YEAR]
    first = {row.pk: (row.count, row.counted_at) for row in AreaConcernCount.objects.all()}

    # A report found later, or a topic filed under another area: the figure stays.
    received(LAST_YEAR, count=4, topic="rus")
    Topic.objects.filter(slug="trafikk").update(
        priority_area=PriorityArea.objects.get(slug="rusforebygging")
    )
    assert area_figures(LAST_YEAR, [PriorityArea.objects.get(slug="rusforebygging")]) == [7]
    assert area_counts_record() == []
    assert area_counts_record() == []
    now = {row.pk: (row.count, row.counted_at) for row in AreaConcernCount.objects.all()}
    assert now == first
    assert counts_of(LAST_YEAR)["rusforebygging"] == 3


def test_a_year_with_any_counts_is_left_as_it_is():
    received(LAST_YEAR, count=5, topic="rus")
    area = PriorityArea.objects.get(slug="trafikksikkerhet")
    AreaConcernCount.objects.create(area=area, year=LAST_YEAR, count=11)
    assert area_counts_record() == []
    assert counts_of(LAST_YEAR) == {"trafikksikkerhet": 11}


# The daily task and the command


def test_migrate_starts_the_daily_count_and_each_run_books_the_next_morning():
    runs = DBTaskResult.objects.filter(task_path=TASK_PATH)
    waiting = runs.get(status="READY")  # queued by the test database's migrate
    assert waiting.run_after <= timezone.now()
    start_counting(sender=None)
    assert runs.filter(status="READY").count() == 1

    runs.delete()
    received(LAST_YEAR, count=3, topic="rus")
    assert count_area_concerns.call() == [LAST_YEAR]
    following = runs.get(status="READY")
    assert following.run_after == next_morning()
    assert counts_of(LAST_YEAR)["rusforebygging"] == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_runs_the_count_migrate_queued():
    received(LAST_YEAR, count=4, topic="trafikk")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    done = DBTaskResult.objects.filter(task_path=TASK_PATH, status="SUCCESSFUL")
    assert done.count() == 1
    assert counts_of(LAST_YEAR)["trafikksikkerhet"] == 4
    assert DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").count() == 1


def test_the_command_counts_now_and_says_what():
    received(LAST_YEAR - 1, count=3, topic="rus")
    received(LAST_YEAR, count=3, topic="rus")
    out = io.StringIO()
    call_command("count_area_concerns", stdout=out)
    assert out.getvalue().strip() == (
        f"Counted the concerns per priority area for 2 year(s): {LAST_YEAR - 1}, {LAST_YEAR}."
    )
    out = io.StringIO()
    call_command("count_area_concerns", stdout=out)
    assert "for 0 year(s): none." in out.getvalue()


# Published, but no one's to edit


def test_the_counts_are_figures_not_content():
    assert AreaConcernCount in set(public_figures())
    assert AreaConcernCount in set(shown_models())
    assert AreaConcernCount not in set(public_models())


def test_the_coordinator_cannot_change_the_counts(coordinator_user, coordinator):
    for action in ("add", "change", "delete"):
        assert not coordinator_user.has_perm(f"priorities.{action}_areaconcerncount")
    assert coordinator_user.has_perm("priorities.change_measure")
    assert coordinator.get("/admin/priorities/areaconcerncount/").status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_cached_area_page_shows_the_counts_as_soon_as_they_are_written():
    with override_settings(PAGE_CACHE=True):
        for path in (AREA, "/en" + AREA):
            assert Client().get(path)["X-Page-Cache"] == "miss"
            assert Client().get(path)["X-Page-Cache"] == "hit"
        received(LAST_YEAR, count=8, topic="rus")
        # bulk_create, which sends no post_save.
        area_counts_record()
        page = Client().get(AREA)
        assert page["X-Page-Cache"] == "miss"
        assert f'<tr><th scope="row">{LAST_YEAR}</th><td>8</td></tr>' in page.content.decode()
        english = Client().get("/en" + AREA)
        assert english["X-Page-Cache"] == "miss"
        assert "No figures yet." not in english.content.decode()


# The area page


def write_years(area, counts, first):
    AreaConcernCount.objects.bulk_create(
        AreaConcernCount(area=area, year=first + index, count=count)
        for index, count in enumerate(counts)
    )


def test_the_area_page_shows_the_counts_by_year_as_a_chart_and_a_table(resident):
    area = PriorityArea.objects.get(slug="rusforebygging")
    write_years(area, [4, None, 0, 12], first=2021)
    # Another area's figures are not this one's.
    write_years(PriorityArea.objects.get(slug="beredskap"), [99], first=2024)
    html = trend_section(resident.get(AREA))
    assert '<h2 class="ds-heading" data-size="md" id="concerns-heading">' in main(
        resident.get(AREA)
    )
    assert "Bekymringsmeldinger i dette området" in main(resident.get(AREA))
    assert "sendt gjennom portalen, per kalenderår" in html
    rows = re.findall(r'<tr><th scope="row">(\d+)</th><td>([^<]+)</td></tr>', html)
    assert rows == [("2021", "4"), ("2022", "skjult"), ("2023", "0"), ("2024", "12")]
    assert "99" not in html
    assert "Skjult: færre enn 3 meldinger" in html
    # One bar for each count above zero; the hidden year and the zero have none.
    assert html.count('<rect class="concern-trend__bar"') == 2
    assert (
        'role="img" aria-labelledby="trend-rusforebygging-title trend-rusforebygging-desc"' in html
    )
    assert "Antall bekymringsmeldinger per år: 2021: 4; 2022: skjult; 2023: 0; 2024: 12." in html
    # The tallest bar reaches the top of the plot, the others in proportion.
    heights = [float(h) for h in re.findall(r'concern-trend__bar"[^>]*height="([\d.]+)"', html)]
    assert heights == [pytest.approx(124 * 4 / 12, abs=0.1), 124.0]
    assert 'style="' not in html and "<script" not in html


def test_the_area_page_in_english(resident):
    write_years(PriorityArea.objects.get(slug="rusforebygging"), [5, None], first=2024)
    html = trend_section(resident.get("/en" + AREA))
    assert "Concerns reported in this area" in main(resident.get("/en" + AREA))
    assert "sent through the portal, per calendar year" in html
    assert '<tr><th scope="row">2025</th><td>hidden</td></tr>' in html
    assert "Hidden: fewer than 3 reports" in html
    assert "Number of reports of concern per year: 2024: 5; 2025: hidden." in html


def test_with_no_figures_the_page_says_so(resident):
    html = trend_section(resident.get(AREA))
    assert "Ingen tall ennå." in html
    assert "<svg" not in html and "<table" not in html
    assert "No figures yet." in trend_section(resident.get("/en" + AREA))


def test_the_note_on_hidden_counts_shows_only_with_one(resident):
    write_years(PriorityArea.objects.get(slug="rusforebygging"), [5, 7], first=2024)
    assert "Skjult:" not in trend_section(resident.get(AREA))


def test_the_page_shows_the_last_ten_years_in_the_same_queries_as_one(resident):
    area = PriorityArea.objects.get(slug="rusforebygging")
    write_years(area, [3], first=2000)
    with CaptureQueriesContext(connection) as one_year:
        assert resident.get(AREA).status_code == 200
    AreaConcernCount.objects.all().delete()
    write_years(area, list(range(3, 15)), first=2010)
    for other in PriorityArea.objects.exclude(pk=area.pk):
        write_years(other, list(range(3, 15)), first=2010)
    with CaptureQueriesContext(connection) as twelve_years:
        response = resident.get(AREA)
    assert len(one_year) == len(twelve_years) == 10
    years = re.findall(r'<tr><th scope="row">(\d+)</th>', trend_section(response))
    assert years == [str(year) for year in range(2012, 2022)]


def test_the_chart_geometry():
    assert concern_trend([], key="k", title="t") is None
    rows = [AreaConcernCount(year=2024, count=None), AreaConcernCount(year=2025, count=6)]
    trend = concern_trend(rows, key="k", title="t")
    assert trend is not None
    hidden, shown = trend.bars
    assert (hidden.height, hidden.label, shown.height, shown.label) == (0, "skjult", 124.0, "6")
    assert shown.y == trend.baseline - 124
    # Two years stand together in the middle, each in a slot of at most 64.
    assert shown.x - hidden.x == 64
    assert hidden.x + shown.x + shown.width == pytest.approx(trend.width, abs=0.2)
    with translation.override("en"):
        english = concern_trend(rows, key="k", title="t")
    assert english is not None and english.bars[0].label == "hidden"


def test_the_page_keeps_one_h1_and_a_unique_chart_per_area(resident):
    for area in PriorityArea.objects.published():
        write_years(area, [5], first=2020)
        html = resident.get(area.get_absolute_url()).content.decode()
        assert len(H1.findall(html)) == 1
        assert html.count(f'id="trend-{area.slug}-title"') == 1


def test_a_report_of_this_year_leaves_the_page_as_it_was(resident):
    before = trend_section(resident.get(AREA))
    received(timezone.localdate().year, count=5, topic="rus")
    area_counts_record()
    assert trend_section(resident.get(AREA)) == before
    received(LAST_YEAR, count=5, topic="rus", unit="politiet")
    area_counts_record()
    assert f'<tr><th scope="row">{LAST_YEAR}</th><td>5</td></tr>' in trend_section(
        resident.get(AREA)
    )
