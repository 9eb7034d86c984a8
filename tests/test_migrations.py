"""The schema matches the models, and `migrate` alone gives a complete site."""

import pytest
from django.core.management import call_command

from levels.models import Level, Municipality, Unit
from priorities.models import PriorityArea

pytestmark = pytest.mark.django_db


def test_no_migration_is_pending():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_initial_content_is_the_source_text_with_its_typos_fixed():
    council = Level.objects.get(position=1)
    assert council.summary_nb == (
        "Politirådet fungerer i dag som styringsnivå og har pekt ut satsingsområder "
        "for SLT-arbeidet."
    )
    municipality = Municipality.objects.get()
    assert "bindeledd mellom de tre overnevnte nivå" in municipality.coordinator_role_nb
    assert "  " not in Level.objects.get(position=3).summary_nb
    assert "representanter" in Level.objects.get(position=3).summary_nb


def test_initial_content_names_no_person_and_uses_the_switchboard():
    assert Unit.objects.filter(kind=Unit.Kind.COORDINATOR).count() == 1
    for unit in Unit.objects.published().exclude(kind=Unit.Kind.POLICE):
        assert unit.phone == "77 02 30 00"
        assert unit.email == "postmottak@kvafjord.kommune.no"
    assert not Unit.objects.exclude(seats__person="").filter(seats__isnull=False).exists()


def test_every_text_has_an_english_version():
    for area in PriorityArea.objects.all():
        assert area.title_en and area.summary_en
        for measure in area.measures.all():
            assert measure.title_en and measure.description_en
    for unit in Unit.objects.all():
        assert unit.name_en and unit.when_to_contact_en
