"""The annual report: its figures, taken once from the plan and the anonymous statistics,
the coordinator's work on it in the admin, and its public pages in both languages.

The PDF is tested in tests/test_annual_report_pdf.py, the pages in a real browser in
tests/browser/test_annual_report_in_browser.py.
"""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client, override_settings
from django.utils import timezone, translation
from django.utils.formats import date_format

from annual_reports.figures import (
    FiguresFrozen,
    NoFigures,
    annual_figures,
    annual_report_take_figures,
)
from annual_reports.models import AnnualReport
from concerns.models import Report, Topic
from concerns.roles import permissions_for
from concerns.statistics import Period, report_figures
from priorities.models import (
    AreaConcernCount,
    Direction,
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
from tests.plan_content import admin_form, errors_in, more_plan_content, post_admin
from tests.public_urls import ROUTES_BY_NAME, paths_for
from tests.reports import stored_report
from tests.test_page_cache import (
    test_every_public_page_is_cached_or_never_cached_as_it_should as cached_as_it_should,
)
from tests.test_public_pages import (
    test_language_switch_links_to_the_same_page_in_the_other_language as language_switch,
)
from tests.test_public_routes import H1
from tests.test_public_routes import (
    test_every_public_route_answers_with_one_h1_and_its_pinned_queries as one_h1_and_queries,
)
from tests.test_query_counts import (
    test_query_count_does_not_grow_with_content as queries_with_more_content,
)

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year
ADD = "/admin/annual_reports/annualreport/add/"
LIST = "/arsrapport/"
FOREWORD = "Et godt år for samarbeidet mellom skolen, helsestasjonen og politiet."
FOREWORD_EN = "A good year for the work between the school, the health station and the police."


def change_url(report):
    return f"/admin/annual_reports/annualreport/{report.pk}/change/"


def received(year, count=1, *, topic="rus", month=6):
    """`count` reports as the form stores them, received in `year`, about `topic`."""
    chosen = Topic.objects.get(slug=topic)
    moment = timezone.make_aware(datetime(year, month, 15, 12))
    for _ in range(count):
        report = stored_report(
            "slt-koordinator",
            topic=chosen,
            category=chosen.report_category,
            priority_area=chosen.priority_area,
        )
        Report.objects.filter(pk=report.pk).update(created_at=moment)


def published(year=2026, *, foreword=FOREWORD, foreword_en=FOREWORD_EN, **fields):
    """The report of `year` with its figures taken, a foreword, and published."""
    report, _created = AnnualReport.objects.get_or_create(year=year)
    annual_report_take_figures(report=report)
    report.foreword_nb, report.foreword_en, report.published = foreword, foreword_en, True
    for name, value in fields.items():
        setattr(report, name, value)
    report.full_clean()
    report.save()
    return report


def main(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def plan_2025():
    """A finished plan for 2022 to 2025, with an area's goal to put measures under."""
    plan = Plan.objects.create(
        slug="2022-2025", title_nb="Handlingsplan SLT 2022–2025", start_year=2022, end_year=2025
    )
    goal = Goal.objects.create(
        plan=plan, area=PriorityArea.objects.get(slug="beredskap"), text_nb="Et mål"
    )
    return plan, goal


def measure(goal, title, *log, **fields):
    created = Measure.objects.create(area=goal.area, goal=goal, title_nb=title, **fields)
    for day, status in log:
        MeasureStatus.objects.create(measure=created, date=day, status=status)
    return created


def area_part(figures, slug, language="nb"):
    return next(area for area in figures[language]["areas"] if area["key"] == slug)


def counts(part):
    return {entry["status"]: entry["count"] for entry in part["statuses"]}


# The seed


def test_the_seed_is_an_unpublished_draft_for_2026_without_figures(resident):
    report = AnnualReport.objects.get(year=2026)
    assert not report.published
    assert report.figures == {} and report.figures_taken_at is None
    assert report.foreword_nb.startswith("[Utkast")
    assert report.foreword_en.startswith("[Draft")
    assert "samordning av lokale rus- og kriminalitetsforebyggende tiltak" in report.foreword_nb
    assert resident.get("/arsrapport/2026/").status_code == 404
    assert resident.get("/arsrapport/2026/pdf/").status_code == 404


# The figures


def test_the_statistics_are_those_of_report_figures_in_both_languages():
    received(2025, 6, topic="rus")
    received(2025, 4, topic="trafikk")
    received(2025, 1, topic="mobbing")
    received(2024, 5, topic="rus")
    figures = annual_figures(2025)
    expected = report_figures(Period.year(2025))
    nb, en = figures["nb"]["reports"], figures["en"]["reports"]
    assert nb["total"] == expected.total == 11
    assert nb["median_hours_to_first_answer"] == expected.median_hours_to_first_answer
    assert nb["deadlines_met_share"] == expected.deadlines_met_share
    assert [(row["key"], row["count"]) for row in nb["by_topic"]["rows"]] == [
        (row.key, row.count) for row in expected.by_topic.rows
    ]
    # The same numbers, each language's words.
    assert [row["count"] for row in en["by_topic"]["rows"]] == [
        row["count"] for row in nb["by_topic"]["rows"]
    ]
    assert {row["label"] for row in nb["by_topic"]["rows"]} >= {"Rus", "Mobbing"}
    assert {row["label"] for row in en["by_topic"]["rows"]} >= {"Alcohol or drugs", "Bullying"}
    assert (nb["by_topic"]["title"], en["by_topic"]["title"]) == ("Per tema", "Per topic")


def test_a_small_count_stays_hidden_and_is_never_recounted():
    received(2025, 6, topic="rus")
    received(2025, 5, topic="trafikk")
    received(2025, 1, topic="mobbing")
    rows = {
        row["key"]: row["count"]
        for row in annual_figures(2025)["nb"]["reports"]["by_topic"]["rows"]
    }
    expected = report_figures(Period.year(2025)).by_topic
    assert rows["topic:mobbing"] is None
    # Beside it, another count is hidden so that the total cannot give it away.
    assert sum(count is None for count in rows.values()) >= 2
    assert rows == {row.key: row.count for row in expected.rows}


def test_the_measures_are_counted_by_their_status_at_the_end_of_the_year():
    _plan, goal = plan_2025()
    measure(
        goal,
        "Ferdig først etter nyttår",
        (date(2025, 3, 1), Status.ONGOING),
        (date(2026, 2, 1), Status.DONE),
        end_year=2026,
    )
    measure(goal, "Ferdig i 2025", (date(2025, 6, 1), Status.DONE), end_year=2025, end_month=6)
    measure(goal, "Aldri begynt, skulle vært ferdig", end_year=2025, end_month=6)
    measure(goal, "På pause, over tiden", (date(2025, 5, 1), Status.PAUSED), end_year=2024)
    measure(goal, "Avsluttet", (date(2025, 9, 1), Status.DROPPED), end_year=2025, end_month=3)
    measure(goal, "Begynner senere", start_year=2026)
    measure(goal, "Ikke publisert", published=False)
    figures = annual_figures(2025)
    assert figures["nb"]["plan"] == {
        "title": "Handlingsplan SLT 2022–2025",
        "period": "2022–2025",
        "slug": "2022-2025",
    }
    assert figures["nb"]["as_of"] == "2025-12-31" and figures["nb"]["year_ended"]
    part = area_part(figures, "beredskap")["measures"]
    # Today the first one is done; on 31.12.2025 it was under way.
    assert counts(part) == {"planned": 1, "ongoing": 1, "done": 1, "paused": 1, "dropped": 1}
    assert part["total"] == 5
    assert part["late"] == 2
    assert figures["nb"]["measures"]["total"] == 5
    assert area_part(figures, "rusforebygging")["measures"]["total"] == 0
    labels = {entry["status"]: entry["label"] for entry in part["statuses"]}
    english = {
        entry["status"]: entry["label"]
        for entry in area_part(figures, "beredskap", "en")["measures"]["statuses"]
    }
    assert (labels["done"], english["done"]) == ("Gjennomført", "Done")


def test_the_year_in_progress_is_counted_as_of_today():
    figures = annual_figures(THIS_YEAR)
    assert figures["nb"]["as_of"] == timezone.localdate().isoformat()
    assert not figures["nb"]["year_ended"]


def test_each_indicator_has_its_latest_value_in_or_before_the_year_against_its_target():
    _plan, goal = plan_2025()
    indicator = Indicator.objects.create(
        goal=goal,
        name_nb="Andel som har drukket seg beruset",
        name_en="Share who have been drunk",
        unit_nb="prosent",
        unit_en="per cent",
        target=Decimal(20),
        direction=Direction.LOWER,
    )
    for year, value in ((2023, "25"), (2024, "22.5"), (2025, "19"), (2026, "15")):
        IndicatorValue.objects.create(
            indicator=indicator,
            year=year,
            value=Decimal(value),
            source=Source.UNGDATA,
            source_note_nb="10. trinn",
        )
    Indicator.objects.create(goal=goal, name_nb="Uten mål og målinger", unit_nb="antall")
    figures = annual_figures(2025)
    first, second = area_part(figures, "beredskap")["indicators"]
    assert first["target"] == "20.00" and first["direction"] == "lower"
    assert [value["year"] for value in first["values"]] == [2023, 2024, 2025]
    assert first["values"][-1]["value"] == "19.00"
    assert first["values"][-1]["source"] == "Ungdata"
    assert first["reached"] is True
    assert second["values"] == [] and second["reached"] is None and second["target"] is None
    english = area_part(figures, "beredskap", "en")["indicators"][0]
    assert (english["name"], english["unit"]) == ("Share who have been drunk", "per cent")
    assert english["direction_label"] == "Lower is better"


def test_the_years_concerns_per_area_are_the_statistics_and_the_earlier_ones_stored():
    area = PriorityArea.objects.get(slug="rusforebygging")
    AreaConcernCount.objects.bulk_create(
        AreaConcernCount(area=area, year=year, count=count)
        for year, count in ((2013, 9), (2016, 8), (2024, None), (2025, 12))
    )
    # The report's own year comes from the statistics taken with it, suppressed with the
    # topic table beside it; a stored row for that year (taken another day) is not used.
    received(2025, 3, topic="rus")
    concerns = area_part(annual_figures(2025), "rusforebygging")["concerns"]
    assert concerns["counted"] and concerns["count"] == 3
    # Up to ten years, up to the report's.
    assert concerns["trend"] == [
        {"year": 2016, "count": 8},
        {"year": 2024, "count": None},
        {"year": 2025, "count": 3},
    ]
    assert area_part(annual_figures(2025), "beredskap")["concerns"]["trend"] == [
        {"year": 2025, "count": 0}
    ]
    # The year in progress: its count so far, and no bar for it in the trend yet.
    received(THIS_YEAR, 4, topic="rus")
    this_year = area_part(annual_figures(THIS_YEAR), "rusforebygging")["concerns"]
    assert this_year["count"] == 4
    assert [row["year"] for row in this_year["trend"]] == [2024, 2025]


def test_a_year_without_a_plan_or_a_report_has_no_figures():
    with pytest.raises(NoFigures, match="ingen handlingsplan eller bekymringsmeldinger for 2019"):
        annual_figures(2019)
    received(2019, 1)
    # One report is hidden (None), but it is a report: the year has something to tell.
    assert annual_figures(2019)["nb"]["reports"]["total"] is None
    with pytest.raises(NoFigures, match="har ikke begynt"):
        annual_figures(THIS_YEAR + 1)


def test_published_figures_are_frozen():
    report = published()
    taken = report.figures, report.figures_taken_at
    received(2026, 5)
    with pytest.raises(FiguresFrozen, match="publisert"):
        annual_report_take_figures(report=report)
    report.refresh_from_db()
    assert (report.figures, report.figures_taken_at) == taken


def test_a_report_taken_down_again_keeps_its_figures_and_cannot_be_deleted(coordinator):
    report = published()
    taken = report.figures, report.figures_taken_at
    first = report.first_published_at
    assert first is not None
    post_admin(coordinator, change_url(report), published="")
    report.refresh_from_db()
    assert not report.published and report.first_published_at == first
    received(2026, 5)
    response = post_admin(coordinator, change_url(report), _retake="1")
    assert "har vært publisert" in errors_in(response)
    report.refresh_from_db()
    assert (report.figures, report.figures_taken_at) == taken
    delete = coordinator.get(f"/admin/annual_reports/annualreport/{report.pk}/delete/")
    assert delete.status_code == 403


def test_the_seeded_draft_foreword_cannot_be_published(coordinator):
    draft = AnnualReport.objects.get(year=2026)
    assert draft.foreword_nb.startswith("[Utkast")
    post_admin(coordinator, change_url(draft), _retake="1")
    response = post_admin(coordinator, change_url(draft), published="on")
    assert "Forordet er fortsatt utkastet" in errors_in(response)
    draft.refresh_from_db()
    assert not draft.published and draft.first_published_at is None


def test_figures_taken_in_a_refused_save_are_not_shown_as_taken(coordinator):
    received(2026, 5)
    draft = AnnualReport.objects.get(year=2026)
    post_admin(coordinator, change_url(draft), _retake="1")
    # Taken some days ago, so that the page can tell those figures from new ones.
    taken = timezone.now() - timedelta(days=3)
    AnnualReport.objects.filter(pk=draft.pk).update(figures_taken_at=taken)
    # A report reference in the conclusions refuses the save that takes the figures again.
    response = post_admin(
        coordinator, change_url(draft), _retake="1", conclusions_nb="Se SLT-2026-0001."
    )
    assert response.status_code == 200
    assert "referansen til en bekymringsmelding (SLT-2026-0001)" in errors_in(response)
    draft.refresh_from_db()
    assert draft.figures_taken_at == taken
    html = response.content.decode()
    assert date_format(timezone.localtime(taken), "DATETIME_FORMAT") in html
    assert date_format(timezone.localtime(), "DATETIME_FORMAT") not in html


def test_the_database_refuses_a_published_report_without_foreword_or_figures():
    from django.db import IntegrityError, transaction

    with transaction.atomic(), pytest.raises(IntegrityError):
        AnnualReport.objects.filter(year=2026).update(published=True)
    report = published()
    with transaction.atomic(), pytest.raises(IntegrityError):
        AnnualReport.objects.filter(pk=report.pk).update(foreword_nb="")


# The admin


def test_the_coordinator_makes_the_2026_report_and_it_is_published_as_page_and_pdf(
    coordinator, resident
):
    """The issue's «done»: through the admin, from the seeded draft to the page and the PDF."""
    received(2026, 4, topic="rus")
    received(2026, 3, topic="vold-eller-overgrep")
    report = AnnualReport.objects.get(year=2026)
    url = change_url(report)
    data = admin_form(coordinator, url)
    data["_retake"] = "Hent tallene på nytt"
    response = coordinator.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "Tallene for 2026 er hentet" in response.content.decode()
    report.refresh_from_db()
    assert report.figures_taken_at is not None
    assert report.figures["nb"]["reports"]["total"] == 7

    response = post_admin(
        coordinator, url, foreword_nb=FOREWORD, foreword_en=FOREWORD_EN, published="on"
    )
    assert response.status_code == 302, errors_in(response)
    report.refresh_from_db()
    assert report.published

    for language, prefix, words in (
        ("nb", "", ("Forord", FOREWORD, "Meldinger mottatt")),
        ("en", "/en", ("Foreword", FOREWORD_EN, "Reports received")),
    ):
        page = resident.get(f"{prefix}/arsrapport/2026/")
        assert page.status_code == 200
        html = page.content.decode()
        assert f'<html lang="{language}"' in html and len(H1.findall(html)) == 1
        for word in words:
            assert word in html, (language, word)
        assert f'href="{prefix}/arsrapport/2026/pdf/"' in html
        pdf = resident.get(f"{prefix}/arsrapport/2026/pdf/")
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF-")
        assert (
            resident.get(f"{prefix}/arsrapport/")
            .content.decode()
            .count(f'href="{prefix}/arsrapport/2026/"')
            == 1
        )


def test_a_new_report_takes_its_figures_when_it_is_saved(coordinator):
    received(2025, 3)
    response = coordinator.post(ADD, {"year": "2025", "foreword_nb": FOREWORD, "_save": "Lagre"})
    assert response.status_code == 302, errors_in(response)
    report = AnnualReport.objects.get(year=2025)
    assert report.figures["nb"]["reports"]["total"] == 3
    assert report.figures_taken_at is not None and not report.published


def test_a_year_with_nothing_to_report_on_is_refused_and_nothing_is_saved(coordinator):
    response = coordinator.post(ADD, {"year": "2019", "foreword_nb": FOREWORD, "_save": "Lagre"})
    assert response.status_code == 200
    assert "Det finnes ingen handlingsplan eller bekymringsmeldinger for 2019 ennå" in errors_in(
        response
    )
    assert not AnnualReport.objects.filter(year=2019).exists()
    response = coordinator.post(ADD, {"year": str(THIS_YEAR + 1), "_save": "Lagre"})
    assert "har ikke begynt ennå" in errors_in(response)
    assert AnnualReport.objects.count() == 1


def test_a_second_report_for_a_year_is_refused_in_plain_norwegian(coordinator):
    response = coordinator.post(ADD, {"year": "2026", "foreword_nb": FOREWORD, "_save": "Lagre"})
    assert response.status_code == 200
    assert "Det finnes allerede en årsrapport for 2026." in errors_in(response)
    assert AnnualReport.objects.get(year=2026).foreword_nb != FOREWORD


def test_publishing_needs_the_figures_and_a_norwegian_foreword(coordinator):
    report = AnnualReport.objects.get(year=2026)
    url = change_url(report)
    response = post_admin(coordinator, url, published="on")
    assert response.status_code == 200
    assert "Tallene er ikke hentet ennå" in errors_in(response)
    annual_report_take_figures(report=report)
    response = post_admin(coordinator, url, foreword_nb="", conclusions_nb="Nytt", published="on")
    assert response.status_code == 200
    assert "Skriv et forord på norsk før årsrapporten publiseres." in errors_in(response)
    report.refresh_from_db()
    assert not report.published and report.foreword_nb.startswith("[Utkast")
    assert report.conclusions_nb == ""


def test_the_figures_of_a_published_report_cannot_be_taken_again(coordinator):
    report = published()
    taken = report.figures_taken_at
    received(2026, 5)
    url = change_url(report)
    page = coordinator.get(url).content.decode()
    assert 'name="_retake"' not in page and "står fast" in page
    data = admin_form(coordinator, url)
    data.update({"_retake": "Hent tallene på nytt", "conclusions_nb": "Endret"})
    response = coordinator.post(url, data)
    assert response.status_code == 200
    assert "er publisert, og tallene i den står fast" in errors_in(response)
    report.refresh_from_db()
    assert report.figures_taken_at == taken and report.conclusions_nb == ""


def test_taking_the_figures_and_publishing_at_once_is_refused(coordinator):
    report = AnnualReport.objects.get(year=2026)
    annual_report_take_figures(report=report)
    url = change_url(report)
    data = admin_form(coordinator, url)
    data.update({"_retake": "Hent tallene på nytt", "published": "on"})
    response = coordinator.post(url, data)
    assert "samtidig som årsrapporten publiseres" in errors_in(response)
    assert not AnnualReport.objects.get(pk=report.pk).published


def test_a_report_reference_in_the_text_is_refused(coordinator):
    report = AnnualReport.objects.get(year=2026)
    response = post_admin(coordinator, change_url(report), conclusions_nb="Se SLT-2026-0042.")
    assert "referansen til en bekymringsmelding" in errors_in(response)


def test_the_change_page_shows_the_figures_and_the_button_while_a_draft(coordinator):
    received(2026, 4)
    report = AnnualReport.objects.get(year=2026)
    page = coordinator.get(change_url(report)).content.decode()
    assert "Ingen tall er hentet ennå" in page and 'name="_retake"' in page
    annual_report_take_figures(report=report)
    page = coordinator.get(change_url(report)).content.decode()
    assert "Handlingsplan: Handlingsplan SLT 2026–2029" in page
    assert "Meldinger mottatt: 4." in page
    assert coordinator.get("/admin/annual_reports/annualreport/").status_code == 200


def test_a_published_report_cannot_be_deleted_but_a_draft_can(coordinator):
    report = published()
    assert coordinator.get(f"{change_url(report)[:-7]}delete/").status_code == 403
    draft = AnnualReport.objects.create(year=2025)
    assert coordinator.post(f"{change_url(draft)[:-7]}delete/", {"post": "yes"}).status_code == 302
    assert not AnnualReport.objects.filter(year=2025).exists()


def test_the_coordinator_edits_the_reports_and_unit_staff_do_not(coordinator, teacher):
    wanted = set(
        Permission.objects.filter(content_type__app_label="annual_reports").values_list(
            "codename", flat=True
        )
    )
    assert wanted == {f"{action}_annualreport" for action in ("add", "change", "delete", "view")}
    assert wanted <= set(permissions_for(coordinator=True).values_list("codename", flat=True))
    assert not wanted & set(permissions_for(coordinator=False).values_list("codename", flat=True))
    assert teacher.get("/admin/annual_reports/annualreport/").status_code == 403


# The public pages


@pytest.mark.parametrize(("prefix", "none"), [("", "Ingen årsrapporter er publisert ennå."), ("/en", "No annual reports have been published yet.")])  # fmt: skip
def test_the_list_says_so_when_none_is_published(resident, prefix, none):
    response = resident.get(prefix + LIST)
    assert response.status_code == 200
    assert none in main(response)
    assert "/arsrapport/2026/" not in main(response)


def test_a_draft_is_not_found_and_a_published_report_is_listed(resident):
    AnnualReport.objects.create(year=2025)
    report = published()
    assert resident.get("/arsrapport/2025/").status_code == 404
    assert resident.get("/en/arsrapport/2025/pdf/").status_code == 404
    html = main(resident.get(LIST))
    assert 'href="/arsrapport/2026/"' in html and 'href="/arsrapport/2026/pdf/"' in html
    assert "/arsrapport/2025/" not in html
    assert resident.get(report.get_absolute_url()).status_code == 200
    # One address for a report: the year as four digits.
    assert resident.get("/arsrapport/02026/").status_code == 404
    assert resident.post("/arsrapport/2026/").status_code == 405


def test_the_page_shows_the_figures_in_both_languages(resident):
    plan = Plan.objects.get(slug="2026-2029")
    goal = Goal.objects.get(plan=plan, area__slug="rusforebygging")
    indicator = Indicator.objects.create(
        goal=goal,
        name_nb="Unge som har prøvd hasj",
        name_en="Young people who have tried cannabis",
        unit_nb="prosent",
        unit_en="per cent",
        target=Decimal("4.5"),
        direction=Direction.LOWER,
    )
    IndicatorValue.objects.create(
        indicator=indicator, year=2025, value=Decimal("5.5"), source=Source.UNGDATA
    )
    AreaConcernCount.objects.create(
        area=PriorityArea.objects.get(slug="rusforebygging"), year=2025, count=7
    )
    received(2026, 5, topic="rus")
    published(2026, conclusions_nb="Vi fortsetter.", conclusions_en="")
    nb = main(resident.get("/arsrapport/2026/"))
    text = text_of(nb)
    assert FOREWORD in text and "Konklusjoner" in text and "Vi fortsetter." in text
    assert "Handlingsplan SLT 2026–2029" in text
    assert "Unge som har prøvd hasj" in text and "5,5 prosent (2025)" in text
    assert "4,5 prosent (lavere er bedre)" in text
    assert "Meldinger mottatt 5" in text
    # The year so far, from the statistics taken with the report.
    assert "Bekymringsmeldinger i 2026: 5." in text
    assert 'role="img"' in nb and "<table" in nb
    assert 'aria-labelledby="chart-topic-title"' in nb
    en = main(resident.get("/en/arsrapport/2026/"))
    text = text_of(en)
    assert FOREWORD_EN in text and "Conclusions" in text
    # The English conclusions are empty: the Norwegian ones stand in.
    assert "Vi fortsetter." in text
    assert "Young people who have tried cannabis" in text and "5.5 per cent (2025)" in text
    assert "Reports received 5" in text and "Alcohol or drugs" in text


def test_a_hidden_count_stays_hidden_on_the_page(resident):
    received(2026, 6, topic="rus")
    received(2026, 5, topic="trafikk")
    received(2026, 1, topic="mobbing")
    published()
    text = text_of(main(resident.get("/arsrapport/2026/")))
    assert "Mobbing skjult" in text
    assert "Mobbing 1" not in text
    assert "Bullying hidden" in text_of(main(resident.get("/en/arsrapport/2026/")))


def test_a_published_report_never_changes_when_the_plan_or_reports_do(resident):
    received(2026, 4)
    published()
    before = main(resident.get("/arsrapport/2026/"))
    received(2026, 9)
    for item in Measure.objects.all():
        MeasureStatus.objects.create(measure=item, status=Status.DONE)
    assert main(resident.get("/arsrapport/2026/")) == before


def test_a_report_without_figures_says_there_are_none_yet(resident):
    report = published()
    AnnualReport.objects.filter(pk=report.pk).update(figures={})
    assert "Ingen tall ennå." in main(resident.get("/arsrapport/2026/"))
    assert "No figures yet." in main(resident.get("/en/arsrapport/2026/"))


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_queries_stay_the_same_with_many_measures_indicators_and_areas(
    resident, django_assert_num_queries, language
):
    prefix = "" if language == "nb" else "/en"
    paths = [f"{prefix}/arsrapport/", f"{prefix}/arsrapport/2026/"]
    report = published()
    small = {path: len(resident.get(path).content) for path in paths}
    for path in paths:
        with django_assert_num_queries(2, info=path):
            assert resident.get(path).status_code == 200
    for index in range(4):
        PriorityArea.objects.create(
            slug=f"omrade-{index}", title_nb=f"Område {index}", summary_nb="."
        )
    more_plan_content(copies=3)
    # The same report taken again on the larger plan, as if it had never been published.
    AnnualReport.objects.filter(pk=report.pk).update(published=False, first_published_at=None)
    annual_report_take_figures(report=AnnualReport.objects.get(pk=report.pk))
    AnnualReport.objects.filter(pk=report.pk).update(published=True)
    published(2025)
    for path in paths:
        with django_assert_num_queries(2, info=path):
            response = resident.get(path)
        assert response.status_code == 200
    assert len(resident.get(paths[1]).content) > small[paths[1]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_renews_the_cached_pages():
    with override_settings(PAGE_CACHE=True):
        assert "Ingen årsrapporter er publisert ennå." in Client().get(LIST).content.decode()
        assert Client().get(LIST)["X-Page-Cache"] == "hit"
        published()
        listed = Client().get(LIST)
        assert listed["X-Page-Cache"] == "miss"
        assert 'href="/arsrapport/2026/"' in listed.content.decode()
        Client().get("/arsrapport/2026/")
        assert Client().get("/arsrapport/2026/")["X-Page-Cache"] == "hit"
        report = AnnualReport.objects.get(year=2026)
        report.conclusions_nb = "Et tillegg etter møtet."
        report.save()
        again = Client().get("/arsrapport/2026/")
        assert (
            again["X-Page-Cache"] == "miss" and "Et tillegg etter møtet." in again.content.decode()
        )


def test_the_pdf_is_cached_like_the_pages(resident):
    published()
    with override_settings(PAGE_CACHE=True):
        first = Client().get("/arsrapport/2026/pdf/")
        second = Client().get("/arsrapport/2026/pdf/")
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "no-cache" in second["Cache-Control"] and second["ETag"]
    assert second["Content-Type"] == "application/pdf"
    assert second["Content-Disposition"] == 'inline; filename="arsrapport-2026.pdf"'
    english = Client().get("/en/arsrapport/2026/pdf/")
    assert english["Content-Disposition"] == 'inline; filename="annual-report-2026.pdf"'


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_site_wide_guards_hold_for_the_pages_of_a_published_report(
    resident, django_assert_num_queries, language
):
    """The guards walk the seeded content, whose only report is a draft (404): here they
    walk a published one. (Imported under other names, so as not to be collected twice.)"""
    assert ROUTES_BY_NAME["annual_reports:detail"].page.empty_until_published
    assert not paths_for(ROUTES_BY_NAME["annual_reports:detail"], language)
    published()
    assert paths_for(ROUTES_BY_NAME["annual_reports:detail"], language)
    for name in ("annual_reports:list", "annual_reports:detail"):
        route = ROUTES_BY_NAME[name]
        one_h1_and_queries(resident, route, language)
        language_switch(resident, route, language)
        with override_settings(PAGE_CACHE=True):
            cached_as_it_should(route, language)
    queries_with_more_content(
        resident, django_assert_num_queries, ROUTES_BY_NAME["annual_reports:detail"], language
    )


def test_the_sitemap_lists_the_published_reports_in_both_languages(resident):
    AnnualReport.objects.create(year=2025)
    published()
    sitemap = resident.get("/sitemap.xml").content.decode()
    for path in ("/arsrapport/", "/en/arsrapport/", "/arsrapport/2026/", "/en/arsrapport/2026/"):
        assert f"<loc>http://testserver{path}</loc>" in sitemap
    assert "/arsrapport/2025/" not in sitemap and "/pdf/" not in sitemap


def test_the_plan_page_and_the_footer_lead_to_the_annual_reports(resident):
    plan = main(resident.get("/handlingsplan/"))
    assert plan.count('href="/arsrapport/"') == 1
    home = resident.get("/en/").content.decode()
    footer = home[home.index("<footer") :]
    assert 'href="/en/arsrapport/"' in footer and "Annual reports" in footer


def test_the_report_names_itself_in_each_language():
    report = AnnualReport.objects.get(year=2026)
    assert str(report) == "Årsrapport 2026"
    with translation.override("en"):
        assert str(report) == "Annual report 2026"
        assert report.get_absolute_url() == "/en/arsrapport/2026/"
