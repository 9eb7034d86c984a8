"""The starting plan is made from whatever measures the database has, edited or not."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from priorities.models import Goal, Measure, MeasureStatus, Plan, Status

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE_THE_PLAN = [("priorities", "0002_initial_content")]


def migrate(targets=None):
    """Migrate priorities to `targets` (everything to head if None); the models of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(targets or leaves)
    nodes = [*(targets or []), *(node for node in leaves if node[0] != "priorities" or not targets)]
    return executor.loader.project_state(nodes).apps


@pytest.fixture(autouse=True)
def back_to_head():
    """Whatever happens in a test, the database ends at today's migrations."""
    yield
    migrate()


def test_edited_and_added_measures_all_go_into_the_starting_plan_with_their_units():
    old = migrate(BEFORE_THE_PLAN)
    PriorityArea = old.get_model("priorities", "PriorityArea")
    OldMeasure = old.get_model("priorities", "Measure")
    Unit = old.get_model("levels", "Unit")
    edited = OldMeasure.objects.get(title_nb="Trafikkopplæring i skolen")
    edited.title_nb = "Trafikkopplæring på alle trinn"
    edited.published = False
    edited.save()
    edited.responsible_units.set(Unit.objects.filter(slug__in=["borkenes-skole", "politiet"]))
    added_area = PriorityArea.objects.create(
        slug="nettvett", title_nb="Nettvett", summary_nb="Trygg bruk av nettet.", position=60
    )
    OldMeasure.objects.create(area=added_area, title_nb="Foreldremøte om nettvett")
    count = OldMeasure.objects.count()

    migrate()

    plan = Plan.objects.get(slug="2026-2029")
    assert Measure.objects.count() == count
    assert not Measure.objects.filter(goal__isnull=True).exists()
    assert MeasureStatus.objects.filter(status=Status.ONGOING).count() == count
    measure = Measure.objects.get(title_nb="Trafikkopplæring på alle trinn")
    assert not measure.published
    assert set(measure.responsible_units.values_list("slug", flat=True)) == {
        "borkenes-skole",
        "politiet",
    }
    assert measure.goal is not None
    assert measure.goal.plan == plan and measure.goal.area.slug == "trafikksikkerhet"
    # An area the seed did not know gets a placeholder goal to be worded at the review.
    goal = Goal.objects.get(plan=plan, area__slug="nettvett")
    assert "formuleres når planen gjennomgås" in goal.text_nb
    assert goal.measures.get().title_nb == "Foreldremøte om nettvett"


def test_the_starting_plan_can_be_migrated_back_without_losing_a_measure():
    count = Measure.objects.count()
    old = migrate(BEFORE_THE_PLAN)
    assert old.get_model("priorities", "Measure").objects.count() == count
    migrate()
    assert Measure.objects.count() == count
    assert Plan.objects.filter(slug="2026-2029").exists()
