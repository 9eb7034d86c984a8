"""The action plan as the public pages show it, read in a fixed number of queries.

Each piece (goals, measures, their units and log, indicators, their values) is one
query over the whole plan or area, run whether or not the piece before it found
anything, and put together here. So a page runs the same queries with no indicators
as with a hundred: Django's prefetching skips a query when the list above it is
empty, which would make the count depend on the content.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from priorities.charts import Progress, indicator_chart, number, progress
from priorities.models import (
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureStatus,
    Plan,
    PriorityArea,
)


def load_measures(measures: QuerySet[Measure], *, with_log: bool = False) -> list[Measure]:
    """The measures with their current status, their published units and, if asked, their log.

    Each measure gets `units_shown` (and `log_shown`). Two or three queries.
    """
    found = list(measures.with_status().select_related("decided_at"))  # type: ignore[attr-defined]
    ids = measures.values("pk")
    through = Measure.responsible_units.through
    units = defaultdict(list)
    for link in (
        through.objects.filter(measure__in=ids, unit__published=True)
        .select_related("unit")
        .order_by("unit__position", "unit__pk")
    ):
        units[link.measure_id].append(link.unit)
    log = defaultdict(list)
    if with_log:
        for entry in MeasureStatus.objects.filter(measure__in=ids):
            log[entry.measure_id].append(entry)
    for measure in found:
        measure.units_shown = units[measure.pk]  # type: ignore[attr-defined]
        measure.log_shown = log[measure.pk]  # type: ignore[attr-defined]
    return found


def load_indicators(indicators: QuerySet[Indicator]) -> list[Indicator]:
    """The indicators, each with `values_shown` by year and its `chart`. Two queries."""
    found = list(indicators)
    values = defaultdict(list)
    for value in IndicatorValue.objects.filter(indicator__in=indicators.values("pk")):
        values[value.indicator_id].append(value)
    for indicator in found:
        shown = values[indicator.pk]
        chart = indicator_chart(indicator, shown)
        indicator.chart = chart  # type: ignore[attr-defined]
        # Each value beside its point, whose label is the value as the language writes it.
        indicator.rows = list(zip(shown, chart.points, strict=True)) if chart else []  # type: ignore[attr-defined]
        indicator.target_shown = (  # type: ignore[attr-defined]
            number(indicator.target) if indicator.target is not None else ""
        )
    return found


def attach_to_goals(
    goals: list[Goal], measures: list[Measure], indicators: list[Indicator]
) -> None:
    """Each goal gets its `measures_shown` and `indicators_shown`."""
    by_goal: dict[int | None, list[Measure]] = defaultdict(list)
    for measure in measures:
        by_goal[measure.goal_id].append(measure)
    indicators_by_goal: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        indicators_by_goal[indicator.goal_id].append(indicator)
    for goal in goals:
        goal.measures_shown = by_goal[goal.pk]  # type: ignore[attr-defined]
        goal.indicators_shown = indicators_by_goal[goal.pk]  # type: ignore[attr-defined]


@dataclass
class AreaInPlan:
    area: PriorityArea
    goals: list[Goal] = field(default_factory=list)
    progress: Progress = field(default_factory=Progress)


def plan_by_area(plan: Plan) -> list[AreaInPlan]:
    """The published priority areas, each with the plan's goals in it. Six queries."""
    areas = list(PriorityArea.objects.published())
    goals = list(Goal.objects.published().filter(plan=plan, area__published=True))
    in_plan = {"goal__plan": plan, "goal__published": True, "goal__area__published": True}
    measures = load_measures(Measure.objects.published().filter(**in_plan))
    indicators = load_indicators(Indicator.objects.published().filter(**in_plan))
    attach_to_goals(goals, measures, indicators)
    by_area: dict[int, list[Goal]] = defaultdict(list)
    for goal in goals:
        by_area[goal.area_id].append(goal)
    return [
        AreaInPlan(
            area=area,
            goals=by_area[area.pk],
            progress=progress([m for goal in by_area[area.pk] for m in goal.measures_shown]),  # type: ignore[attr-defined]
        )
        for area in areas
    ]


@dataclass
class AreaPage:
    goals: list[Goal]
    # Measures of the area outside any plan (entered before the plan existed).
    other_measures: list[Measure]
    progress: Progress


def area_in_plan(area: PriorityArea, plan: Plan | None) -> AreaPage:
    """One area's goals in the plan, their measures with their log, and its other measures.

    Six queries, or three without a plan.
    """
    if plan is None:
        others = load_measures(
            Measure.objects.published().filter(area=area, goal__isnull=True), with_log=True
        )
        return AreaPage(goals=[], other_measures=others, progress=progress([]))
    goals = list(Goal.objects.published().filter(plan=plan, area=area))
    measures = load_measures(
        Measure.objects.published()
        .filter(area=area)
        .filter(Q(goal__isnull=True) | Q(goal__plan=plan, goal__published=True)),
        with_log=True,
    )
    indicators = load_indicators(
        Indicator.objects.published().filter(goal__plan=plan, goal__area=area, goal__published=True)
    )
    attach_to_goals(goals, measures, indicators)
    in_goals = [measure for goal in goals for measure in goal.measures_shown]  # type: ignore[attr-defined]
    return AreaPage(
        goals=goals,
        other_measures=[measure for measure in measures if measure.goal_id is None],
        progress=progress(in_goals),
    )
