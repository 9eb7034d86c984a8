"""Each public page runs a fixed number of queries, however much content there is."""

import pytest

from concerns.models import Guide, GuideStep, WarningSignGroup
from levels.models import Body, Level, Member, Unit
from priorities.models import Measure, PriorityArea

pytestmark = pytest.mark.django_db

EXPECTED_QUERIES = {
    "/": 5,
    "/organisering/": 5,
    "/organisering/politiradet/": 4,
    "/satsingsomrader/": 2,
    "/satsingsomrader/vold-og-overgrep/": 4,
    "/handlingsveileder/": 2,
    "/handlingsveileder/radikalisering/": 5,
    "/kontakt/": 3,
    "/personvern/": 1,
    "/tilgjengelighet/": 1,
}


def add_more_content(copies=5):
    level = Level.objects.get(position=3)
    council = Body.objects.get(slug="politiradet")
    guide = Guide.objects.get(slug="radikalisering")
    school = Unit.objects.get(slug="borkenes-skole")
    area = PriorityArea.objects.get(slug="vold-og-overgrep")
    for index in range(copies):
        unit = Unit.objects.create(
            slug=f"skole-{index}", kind=Unit.Kind.SCHOOL, level=level, name_nb=f"Skole {index}"
        )
        Member.objects.create(body=council, role_nb=f"Rolle {index}", unit=unit)
        Body.objects.create(slug=f"forum-{index}", level=level, name_nb=f"Forum {index}")
        extra_area = PriorityArea.objects.create(
            slug=f"omrade-{index}", title_nb=f"Område {index}", summary_nb="Kort.", set_by=council
        )
        for target in (area, extra_area):
            measure = Measure.objects.create(area=target, title_nb=f"Tiltak {index}")
            measure.responsible_units.set([unit, school])
        step = GuideStep.objects.create(
            guide=guide, title_nb=f"Steg {index}", body_nb="Tekst.", scope="cooperation"
        )
        step.contacts.set([unit, school])
        WarningSignGroup.objects.create(guide=guide, title_nb=f"Gruppe {index}", signs_nb="Et tegn")
        Guide.objects.create(slug=f"veileder-{index}", title_nb=f"Veileder {index}")


@pytest.mark.parametrize("path", sorted(EXPECTED_QUERIES))
def test_query_count_is_pinned(resident, django_assert_num_queries, path):
    with django_assert_num_queries(EXPECTED_QUERIES[path]):
        assert resident.get(path).status_code == 200


@pytest.mark.parametrize("path", sorted(EXPECTED_QUERIES))
def test_query_count_does_not_grow_with_content(resident, django_assert_num_queries, path):
    add_more_content()
    with django_assert_num_queries(EXPECTED_QUERIES[path]):
        assert resident.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/en/", "/en/handlingsveileder/radikalisering/"])
def test_english_pages_cost_the_same(resident, django_assert_num_queries, path):
    with django_assert_num_queries(EXPECTED_QUERIES[path.removeprefix("/en")]):
        assert resident.get(path).status_code == 200
