"""Every public page, in both languages, as a resident sees it."""

import pytest

from tests.public_urls import LANGUAGES, ROUTES, all_public_paths, reached_paths

pytestmark = pytest.mark.django_db

# The hand-kept list that the walk in tests/public_urls.py replaced named 18 pages in
# each language; the walk must never reach fewer.
PAGES_PER_LANGUAGE_AT_LEAST = 18


def test_the_walk_reaches_at_least_every_page_the_old_list_named():
    paths = all_public_paths()
    assert len(set(paths)) == len(paths)
    for language in LANGUAGES:
        assert len(all_public_paths([language])) >= PAGES_PER_LANGUAGE_AT_LEAST, language


# Status, one <h1> and <html lang> of every page are checked in test_public_routes.py.
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_language_switch_links_to_the_same_page_in_the_other_language(resident, route, language):
    other = "en" if language == "nb" else "nb"
    # The walk finds a route's pages in the same order in both languages.
    pages = list(zip(reached_paths(route, language), reached_paths(route, other), strict=True))
    for path, counterpart in pages:
        html = resident.get(path).content.decode()
        assert f'href="{counterpart}" hreflang="{other}" lang="{other}"' in html, path


def test_home_shows_goal_helpers_areas_guide_and_emergency_numbers(resident):
    html = resident.get("/").content.decode()
    assert "riktig hjelp til riktig tid" in html
    assert "0 til 23 år" in html
    for helper in [
        "SLT-koordinator",
        "Borkenes skole",
        "Helsestasjonen",
        "Barnevernstjenesten",
        "Politiet",
    ]:
        assert helper in html
    assert "Trafikksikkerhet" in html
    assert 'href="/handlingsveileder/radikalisering/"' in html
    for number in ["112", "113", "110", "116 111", "02800"]:
        assert f">{number}</a>" in html
    assert 'href="tel:116111"' in html


def test_home_in_english_uses_the_english_content(resident):
    html = resident.get("/en/").content.decode()
    assert "the right help at the right time" in html
    assert "Road safety" in html
    assert "Helpline for children and young people" in html
    assert 'href="/en/handlingsveileder/radikalisering/"' in html


def test_organisation_page_names_three_levels_bodies_units_and_coordinator(resident):
    html = resident.get("/organisering/").content.decode()
    for text in [
        "Styringsnivå",
        "Koordinerende nivå",
        "Utførende nivå",
        "Politirådet",
        "Forebyggende forum",
        "Borkenes skole",
        "bindeledd mellom de tre overnevnte nivå",
    ]:
        assert text in html
    assert 'href="/organisering/politiradet/"' in html


def test_body_page_shows_mandate_members_and_the_areas_it_set(resident):
    html = resident.get("/organisering/politiradet/").content.decode()
    assert "Mandat" in html
    assert "desember 2018" in html
    assert "Kommunens øverste ledelse" in html
    assert 'href="/satsingsomrader/trafikksikkerhet/"' in html


def test_priority_areas_are_the_five_from_the_source_text(resident):
    html = resident.get("/satsingsomrader/").content.decode()
    titles = [
        "Forebygging av vold og seksuelle overgrep mot barn",
        "Rusforebyggende tiltak knyttet til barn og unge, heri skjenking og ruspolitikk",
        "Beredskap og krisehåndtering",
        "Felles innsats mot arbeidsmarkedskriminalitet og sosial dumping",
        "Trafikksikkerhet",
    ]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)


def test_priority_area_shows_measures_with_responsible_units(resident):
    html = resident.get("/satsingsomrader/trafikksikkerhet/").content.decode()
    assert "Trafikkopplæring i skolen" in html
    assert 'href="/kontakt/#borkenes-skole"' in html
    assert "Vedtatt av Politirådet, fra 2019" in html


def test_action_guide_shows_source_text_ordered_steps_contacts_and_signs(resident):
    html = resident.get("/handlingsveileder/radikalisering/").content.decode()
    assert "Det hviler et ansvar på hver enkelt av oss" in html
    assert "voldelig ekstremisme" in html and "estremisme" not in html
    steps = ["Du blir bekymret", "Drøft bekymringen", "Snakk med den unge", "Følg opp sammen"]
    positions = [html.index(step) for step in steps]
    assert positions == sorted(positions)
    assert "PST" in html
    for group in ["Utsagn", "Interesser, utseende og symboler", "Aktiviteter", "Nettverk"]:
        assert group in html
    assert 'href="/kontakt/#politiet"' in html
    assert 'href="/kontakt/#slt-koordinator"' in html


def test_contact_page_lists_coordinator_units_and_national_resource(resident):
    html = resident.get("/kontakt/").content.decode()
    assert 'id="slt-koordinator"' in html
    assert html.index('id="slt-koordinator"') < html.index('id="borkenes-skole"')
    assert "77 02 30 00" in html
    assert "mailto:postmottak@kvafjord.kommune.no" in html
    assert "Kvæfjord helsehus, Borkenes" in html
    assert 'href="https://www.kriminalitetsforebygging.no"' in html


def test_statements_exist_and_give_a_way_to_give_feedback(resident):
    privacy = resident.get("/personvern/").content.decode()
    assert "informasjonskapsler" in privacy
    assert "slettes personopplysningene i meldingen etter 730 dager" in privacy
    accessibility = resident.get("/tilgjengelighet/").content.decode()
    assert "WCAG 2.1" in accessibility
    assert "mailto:postmottak@kvafjord.kommune.no" in accessibility


def test_public_pages_set_no_cookies(resident):
    for path in ["/", "/kontakt/", "/en/"]:
        assert resident.get(path).cookies == {}
