"""Each public page runs the queries its declaration pins, however much content there is."""

import pytest

from guides.models import Guide, GuideStep, WarningSignGroup
from levels.models import Body, Level, Member, Unit
from priorities.models import Measure, PriorityArea
from tests.public_urls import LANGUAGES, ROUTES, reached_paths

pytestmark = pytest.mark.django_db


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
        # A whole guide: one with no steps skips the prefetch of their contacts.
        extra_guide = Guide.objects.create(slug=f"veileder-{index}", title_nb=f"Veileder {index}")
        extra_step = GuideStep.objects.create(
            guide=extra_guide, title_nb="Steg", body_nb="Tekst.", scope="cooperation"
        )
        extra_step.contacts.set([unit])


# The counts on fresh content are checked in test_public_routes.py; here they must hold
# with more content too, on the pages that content adds as well.
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_query_count_does_not_grow_with_content(
    resident, django_assert_num_queries, route, language
):
    add_more_content()
    paths = reached_paths(route, language)
    for path in paths:
        with django_assert_num_queries(route.page.queries, info=path):
            assert resident.get(path).status_code == 200, path
