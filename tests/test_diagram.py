"""The organisation diagram is drawn from the database and has a text alternative."""

import re

import pytest

from levels.models import Body, Level, Unit

pytestmark = pytest.mark.django_db


def svg_of(resident, path="/organisering/"):
    html = resident.get(path).content.decode()
    match = re.search(r"<svg class=\"org-diagram\".*?</svg>", html, re.S)
    assert match, "the organisation page has no diagram"
    return match.group(0)


def test_diagram_draws_every_level_body_unit_and_the_coordinator(resident):
    svg = svg_of(resident)
    for name in [
        "Styringsnivå",
        "Politirådet",
        "Forebyggende forum",
        "Borkenes skole",
        "Helsestasjonen",
        "SLT-koordinator",
    ]:
        assert name in svg
    assert 'role="img"' in svg
    assert 'aria-labelledby="diagram-title diagram-desc"' in svg
    assert '<title id="diagram-title">' in svg
    assert "bindeleddet mellom alle tre nivåene" in svg


def test_partners_are_marked_by_line_style_not_colour(resident):
    svg = svg_of(resident)
    assert (
        svg.count("org-diagram__box--partner")
        == Unit.objects.filter(municipal=False, level__isnull=False).count()
    )
    assert svg.count('class="org-diagram__link"') == Level.objects.count()


def test_diagram_follows_the_database(resident):
    level = Level.objects.get(position=3)
    Unit.objects.create(slug="ny-barnehage", kind="other", level=level, name_nb="Ny barnehage")
    Body.objects.filter(slug="forebyggende-forum").update(published=False)
    svg = svg_of(resident)
    assert "Ny barnehage" in svg
    assert "Forebyggende forum" not in svg


def test_diagram_is_in_english_on_the_english_page(resident):
    svg = svg_of(resident, "/en/organisering/")
    assert "Steering level" in svg
    assert "The Police Council" in svg
    assert "is the link between all three levels" in svg


def test_coordinates_are_plain_numbers_in_both_languages(resident):
    for path in ["/organisering/", "/en/organisering/"]:
        svg = svg_of(resident, path)
        for value in re.findall(r'\s(?:x|y|width|height|x1|y1|x2|y2|dy)="([^"]*)"', svg):
            assert re.fullmatch(r"-?\d+", value), value
