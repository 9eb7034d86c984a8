"""A year's figures for its annual report, taken once and kept on the report.

Three sources, each read as it stood at the end of the year (today, for the year in
progress), except the statistics' deadlines, which are judged on the day the figures are
taken:

- the published action plan covering the year: per priority area, its measures by
  their status on that day, read from the status log (not today's status), how many
  of them were late, and each indicator's latest value in or before the year against
  its target;
- the anonymous statistics for the year (concerns.statistics.report_figures): the
  total, the count per topic, the median time to a first answer and the deadlines
  met. They are already suppressed, and are copied as they are: never recounted, and
  a hidden count stays None;
- the concerns per priority area: the year's own from the statistics' by_area table,
  suppressed together with the topic table beside it, and the earlier years' counts as
  stored (priorities.models.AreaConcernCount) for the trend.

Everything is counted once; each language gets the same numbers with its own labels
(the statistics are asked once per language, and only their labels are taken from the
second answer, so the two can never disagree). The result is plain JSON.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from annual_reports.models import AnnualReport
from concerns.statistics import Figures, Period, Table, report_figures
from priorities.charts import status_counts
from priorities.models import (
    AreaConcernCount,
    Direction,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureStatus,
    Plan,
    PriorityArea,
    Status,
)
from priorities.models.plan import current_plan
from priorities.models.trends import YEARS_SHOWN

# Bumped when the shape below changes; a page reads the shape its report was taken in.
VERSION = 1
LANGUAGES = [code for code, _name in settings.LANGUAGES]

NO_DATA = _(
    "Det finnes ingen handlingsplan eller bekymringsmeldinger for %(year)s ennå, så det er "
    "ingen tall å lage en årsrapport av. Publiser handlingsplanen som gjelder %(year)s "
    "først, eller vent til det har kommet bekymringsmeldinger det året."
)
NOT_BEGUN = _(
    "Året %(year)s har ikke begynt ennå. En årsrapport kan lages for i år eller et tidligere år."
)


class Refused(Exception):
    """Figures that cannot be taken, with the reason in the coordinator's words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NoFigures(Refused):
    """Nothing to report on: the year has not begun, or has neither a plan nor a report."""


def last_day(year: int, today: date) -> date:
    """The day the figures describe: the year's last, or today while the year lasts."""
    return min(date(year, 12, 31), today)


def plan_for(year: int) -> Plan | None:
    """The published plan covering `year`: the one that started last, if several do."""
    covering = [plan for plan in Plan.objects.published() if plan.covers(year)]
    return current_plan(covering, year) if covering else None


def _measures(plan: Plan, year: int, day: date) -> list[Measure]:
    """The plan's published measures begun by `year`, each with its status on `day`."""
    then = MeasureStatus.objects.filter(measure=OuterRef("pk"), date__lte=day).order_by(
        "-date", "-pk"
    )
    return list(
        Measure.objects.published()
        .filter(goal__plan=plan, goal__published=True, goal__area__published=True)
        # A measure that starts in a later year of the plan is not part of this one.
        .filter(Q(start_year__isnull=True) | Q(start_year__lte=year))
        .annotate(
            current_status=Coalesce(
                Subquery(then.values("status")[:1]),
                Value(Status.PLANNED.value),
                output_field=CharField(),
            )
        )
    )


def _indicators(plan: Plan) -> list[Indicator]:
    return list(
        Indicator.objects.published()
        .filter(goal__plan=plan, goal__published=True, goal__area__published=True)
        .select_related("goal")
        .order_by("goal__position", "goal__pk", "position", "pk")
    )


def _reached(indicator: Indicator, value: Decimal) -> bool | None:
    if indicator.target is None:
        return None
    if indicator.direction == Direction.LOWER:
        return value <= indicator.target
    return value >= indicator.target


def _statuses(measures: list[Measure], day: date) -> dict:
    return {
        "total": len(measures),
        "late": sum(measure.is_late(day) for measure in measures),
        "statuses": [
            {"status": status.value, "label": str(status.label), "count": count}
            for status, count in status_counts(measures).items()
        ],
    }


def _indicator(indicator: Indicator, values: list[IndicatorValue]) -> dict:
    shown = values[-YEARS_SHOWN:]
    latest = shown[-1] if shown else None
    return {
        "key": f"indicator-{indicator.pk}",
        "name": indicator.name,
        "unit": indicator.unit,
        "target": None if indicator.target is None else str(indicator.target),
        "direction": indicator.direction,
        "direction_label": str(Direction(indicator.direction).label),
        "values": [
            {
                "year": value.year,
                "value": str(value.value),
                "source": value.get_source_display(),
                "source_note": value.source_note,
            }
            for value in shown
        ],
        "reached": None if latest is None else _reached(indicator, latest.value),
    }


@dataclass
class _Plan:
    """What the plan part is made of, read once and then written out in each language."""

    plan: Plan | None
    areas: list[PriorityArea]
    measures: list[Measure]
    indicators: list[Indicator]
    values: dict[int, list[IndicatorValue]]
    counts: dict[int, list[AreaConcernCount]]


def _read_plan(year: int, day: date) -> _Plan:
    plan = plan_for(year)
    areas = list(PriorityArea.objects.published())
    indicators = _indicators(plan) if plan else []
    values: dict[int, list[IndicatorValue]] = {indicator.pk: [] for indicator in indicators}
    for value in IndicatorValue.objects.filter(indicator__in=list(values), year__lte=year):
        values[value.indicator_id].append(value)
    counts: dict[int, list[AreaConcernCount]] = {area.pk: [] for area in areas}
    for row in AreaConcernCount.objects.filter(
        area__in=areas, year__lte=year, year__gt=year - YEARS_SHOWN
    ).order_by("year"):
        counts[row.area_id].append(row)
    return _Plan(
        plan=plan,
        areas=areas,
        measures=_measures(plan, year, day) if plan else [],
        indicators=indicators,
        values=values,
        counts=counts,
    )


def _plan_in_language(year: int, day: date, read: _Plan, by_area: Table, ended: bool) -> dict:
    plan = read.plan
    area_rows = []
    for area in read.areas:
        measures = [measure for measure in read.measures if measure.area_id == area.pk]
        # The year's own count is the statistics' (suppressed with the topic table shown
        # beside it), not a stored one taken on another day; earlier years are stored.
        count = by_area.count(f"area:{area.pk}")
        trend = [
            {"year": row.year, "count": row.count}
            for row in read.counts[area.pk]
            if row.year < year
        ]
        if ended:
            trend.append({"year": year, "count": count})
        area_rows.append(
            {
                "key": area.slug,
                "title": area.title,
                "measures": _statuses(measures, day),
                "indicators": [
                    _indicator(indicator, read.values[indicator.pk])
                    for indicator in read.indicators
                    if indicator.goal.area_id == area.pk
                ],
                "concerns": {"counted": True, "count": count, "trend": trend},
            }
        )
    return {
        "plan": (
            None
            if plan is None
            else {"title": plan.title, "period": plan.period, "slug": plan.slug}
        ),
        "measures": _statuses(read.measures, day),
        "areas": area_rows,
    }


def _table(numbers: Table, words: Table) -> dict:
    labels = {row.key: row.label for row in words.rows}
    return {
        "key": numbers.key,
        "title": words.title,
        "row_header": words.row_header,
        "rows": [
            {"key": row.key, "label": labels.get(row.key, row.label), "count": row.count}
            for row in numbers.rows
        ],
        "total": numbers.total,
    }


def _statistics(numbers: Figures, words: Figures) -> dict:
    """The counts of `numbers`, labelled as `words` (the same figures in another language)."""
    return {
        "total": numbers.total,
        "by_topic": _table(numbers.by_topic, words.by_topic),
        "deadlines": _table(numbers.deadlines, words.deadlines),
        "median_hours_to_first_answer": numbers.median_hours_to_first_answer,
        "deadlines_met_share": numbers.deadlines_met_share,
        "min_count": numbers.min_count,
    }


def annual_figures(year: int, *, today: date | None = None) -> dict:
    """The figures of `year` in every language; NoFigures when it has no plan and no report."""
    today = today or timezone.localdate()
    if year > today.year:
        raise NoFigures(NOT_BEGUN % {"year": year})
    day = last_day(year, today)
    read = _read_plan(year, day)
    period = Period.year(year)
    statistics: dict[str, Figures] = {}
    for language in LANGUAGES:
        with translation.override(language):
            statistics[language] = report_figures(period, today=today)
    numbers = statistics[settings.LANGUAGE_CODE]
    # A hidden total (None) is one or two reports: something to report on.
    if read.plan is None and numbers.total == 0:
        raise NoFigures(NO_DATA % {"year": year})
    figures: dict = {"version": VERSION}
    for language in LANGUAGES:
        with translation.override(language):
            figures[language] = {
                "year": year,
                "as_of": day.isoformat(),
                "year_ended": today > date(year, 12, 31),
                **_plan_in_language(
                    year, day, read, numbers.by_area, ended=today > date(year, 12, 31)
                ),
                "reports": _statistics(numbers, statistics[language]),
            }
    return figures


FROZEN = _(
    "Årsrapporten for %(year)s er publisert, og tallene i den står fast slik de ble hentet "
    "%(taken)s, så det som er publisert ikke endrer seg. Tallene kan ikke hentes på nytt."
)
FROZEN_SINCE_PUBLISHED = _(
    "Årsrapporten for %(year)s har vært publisert, og tallene i den står fast slik de ble "
    "hentet %(taken)s, også når den ikke lenger er publisert: det Politirådet og "
    "innbyggerne har lest, skal ikke endre seg. Tallene kan ikke hentes på nytt."
)


class FiguresFrozen(Refused):
    """The report has been published: its figures stay as they were taken."""


def figures_for(report: AnnualReport, *, today: date | None = None) -> dict:
    """Fresh figures for a draft report; FiguresFrozen once it has been published (as
    stored), even if it was taken down again since."""
    stored = (
        AnnualReport.objects.filter(pk=report.pk)
        .values_list("published", "first_published_at")
        .first()
    )
    if report.pk is not None and stored and (stored[0] or stored[1]):
        taken = report.figures_taken_at
        raise FiguresFrozen(
            (FROZEN if stored[0] else FROZEN_SINCE_PUBLISHED)
            % {
                "year": report.year,
                "taken": date_format(timezone.localtime(taken), "j. F Y") if taken else "–",
            }
        )
    return annual_figures(report.year, today=today)


def annual_report_take_figures(*, report: AnnualReport, today: date | None = None) -> None:
    """Take the figures again and save them; refuses, saving nothing, as figures_for does."""
    report.figures = figures_for(report, today=today)
    report.figures_taken_at = timezone.now()
    report.save(update_fields=["figures", "figures_taken_at"])
