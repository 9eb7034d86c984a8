"""Unpublished content is hidden from the public; English falls back to Norwegian."""

import pytest
from django.utils import translation

from guides.models import Guide, GuideStep
from levels.models import Body, Unit
from priorities.models import Measure, PriorityArea

pytestmark = pytest.mark.django_db


def test_unpublished_area_is_gone_from_lists_and_its_page_is_404(resident):
    PriorityArea.objects.filter(slug="trafikksikkerhet").update(published=False)
    assert "Trafikksikkerhet" not in resident.get("/").content.decode()
    assert "Trafikksikkerhet" not in resident.get("/satsingsomrader/").content.decode()
    assert "Trafikksikkerhet" not in resident.get("/organisering/politiradet/").content.decode()
    assert resident.get("/satsingsomrader/trafikksikkerhet/").status_code == 404
    assert resident.get("/en/satsingsomrader/trafikksikkerhet/").status_code == 404


def test_unpublished_measure_is_hidden(resident):
    Measure.objects.filter(title_nb="Trafikkopplæring i skolen").update(published=False)
    html = resident.get("/satsingsomrader/trafikksikkerhet/").content.decode()
    assert "Trafikkopplæring i skolen" not in html
    assert "Holdningsarbeid med unge førere" in html


def test_unpublished_unit_is_hidden_everywhere(resident):
    Unit.objects.filter(slug="helsestasjonen").update(published=False)
    for path in ["/", "/kontakt/", "/organisering/", "/satsingsomrader/vold-og-overgrep/"]:
        html = resident.get(path).content.decode()
        assert ">Helsestasjonen<" not in html, path
        assert "#helsestasjonen" not in html, path


def test_unpublished_body_guide_and_step_are_hidden(resident):
    Body.objects.filter(slug="forebyggende-forum").update(published=False)
    assert resident.get("/organisering/forebyggende-forum/").status_code == 404
    assert "Forebyggende forum</a>" not in resident.get("/organisering/").content.decode()

    GuideStep.objects.filter(title_nb="Snakk med den unge").update(published=False)
    html = resident.get("/handlingsveileder/radikalisering/").content.decode()
    assert "Snakk med den unge" not in html
    assert "Følg opp sammen" in html

    Guide.objects.filter(slug="radikalisering").update(published=False)
    assert resident.get("/handlingsveileder/radikalisering/").status_code == 404
    assert "/handlingsveileder/radikalisering/" not in resident.get("/").content.decode()


def test_explicit_order_decides_what_comes_first(resident):
    PriorityArea.objects.filter(slug="trafikksikkerhet").update(position=1)
    html = resident.get("/satsingsomrader/").content.decode()
    assert html.index("Trafikksikkerhet") < html.index("Beredskap og krisehåndtering")


def test_empty_english_text_falls_back_to_norwegian(resident):
    area = PriorityArea.objects.get(slug="beredskap")
    area.summary_en = ""
    area.save()
    html = resident.get("/en/satsingsomrader/beredskap/").content.decode()
    assert "Emergency preparedness and crisis management" in html
    assert area.summary_nb in html


def test_translated_attribute_follows_the_active_language():
    area = PriorityArea.objects.get(slug="trafikksikkerhet")
    with translation.override("en"):
        assert area.title == "Road safety"
    with translation.override("nb"):
        assert area.title == "Trafikksikkerhet"
