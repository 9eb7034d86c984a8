"""The annual report as its page and its PDF show it, made from its stored figures alone.

No query: the figures were taken once (annual_reports/figures.py) and are turned here
into the charts and tables of both the page and the PDF, with the chart geometry of
the action plan's pages (priorities.charts) and of the statistics (concerns.statistics
.charts). Numbers are written as the active language writes them; a hidden count
stays hidden.
"""

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from annual_reports.models import AnnualReport
from concerns.statistics import Row, Table
from concerns.statistics.charts import COUNT_ROOM, WIDTH, bar_chart
from concerns.statistics.charts import Chart as BarChart
from priorities.charts import (
    Chart,
    ConcernTrend,
    Progress,
    concern_trend,
    indicator_chart,
    number,
    progress_of,
)
from priorities.models import Indicator
from priorities.models.plan import Status


@dataclass(frozen=True)
class _Value:
    year: int
    value: Decimal


@dataclass(frozen=True)
class _Count:
    """What concern_trend reads of a count."""

    year: int
    count: int | None

    @property
    def hidden(self) -> bool:
        return self.count is None


@dataclass
class Measures:
    progress: Progress
    late: int
    counts: dict[str, int]
    """Each status's count, zeros too, for the tables."""


@dataclass
class IndicatorShown:
    key: str
    name: str
    unit: str
    target: str
    direction: str
    latest_year: int | None
    latest_value: str
    source: str
    reached: bool | None
    chart: Chart | None
    rows: list[tuple[dict, str]]
    """Each measured value beside its label in the chart."""


@dataclass
class AreaShown:
    key: str
    title: str
    measures: Measures
    indicators: list[IndicatorShown]
    counted: bool
    """Whether the report holds the year's count for the area (taken with its statistics)."""
    count: str
    trend: ConcernTrend | None


@dataclass
class ReportShown:
    year: int
    as_of: date
    year_ended: bool
    plan: dict | None
    measures: Measures
    areas: list[AreaShown]
    total: int | None
    topics: Table
    topic_chart: BarChart
    deadlines: Table
    median_hours: float | None
    median_days: float | None
    met_percent: int | None
    met_hidden: bool
    min_count: int
    statuses: list[tuple[str, str]] = field(default_factory=list)
    """(status, label) in the order a measure goes through them, for table headings."""


def _measures(part: dict) -> Measures:
    statuses = {Status(entry["status"]): entry for entry in part["statuses"]}
    return Measures(
        progress=progress_of(
            {status: entry["count"] for status, entry in statuses.items()},
            labels={status: entry["label"] for status, entry in statuses.items()},
        ),
        late=part["late"],
        counts={entry["status"]: entry["count"] for entry in part["statuses"]},
    )


def _shown(count: int | None) -> str:
    return _("skjult") if count is None else number(Decimal(count))


def _indicator(part: dict) -> IndicatorShown:
    target = None if part["target"] is None else Decimal(part["target"])
    values = [_Value(entry["year"], Decimal(entry["value"])) for entry in part["values"]]
    # Unsaved, never saved: what indicator_chart reads, in the language it was stored in.
    drawn = Indicator(
        target=target, unit_nb=part["unit"], unit_en=part["unit"], direction=part["direction"]
    )
    chart = indicator_chart(drawn, values)
    latest = part["values"][-1] if part["values"] else None
    return IndicatorShown(
        key=part["key"],
        name=part["name"],
        unit=part["unit"],
        target="" if target is None else number(target),
        direction=part["direction_label"],
        latest_year=latest["year"] if latest else None,
        latest_value=number(Decimal(latest["value"])) if latest else "",
        source=(
            f"{latest['source']}: {latest['source_note']}"
            if latest and latest["source_note"]
            else (latest["source"] if latest else "")
        ),
        reached=part["reached"],
        chart=chart,
        rows=(
            list(zip(part["values"], (point.label for point in chart.points), strict=True))
            if chart
            else []
        ),
    )


def _area(part: dict) -> AreaShown:
    concerns = part["concerns"]
    return AreaShown(
        key=part["key"],
        title=part["title"],
        measures=_measures(part["measures"]),
        indicators=[_indicator(indicator) for indicator in part["indicators"]],
        counted=concerns["counted"],
        count=_shown(concerns["count"]),
        trend=concern_trend(
            [_Count(row["year"], row["count"]) for row in concerns["trend"]],
            key=f"trend-{part['key']}",
            title=_("Bekymringsmeldinger per år: %(area)s") % {"area": part["title"]},
        ),
    )


# Narrower than the statistics page's charts: on a phone the labels stay readable.
TOPIC_CHART_WIDTH = 400


def _topic_chart(table: Table) -> BarChart:
    """The statistics' bar chart of the table, its bars scaled to TOPIC_CHART_WIDTH."""
    chart = bar_chart(table)
    scale = (TOPIC_CHART_WIDTH - COUNT_ROOM) / (WIDTH - COUNT_ROOM)
    bars = []
    for bar in chart.bars:
        width = round(bar.width * scale)
        bars.append(replace(bar, width=width, count_x=width + 6))
    return replace(chart, width=TOPIC_CHART_WIDTH, bars=tuple(bars))


def _table(part: dict) -> Table:
    return Table(
        key=part["key"],
        title=part["title"],
        row_header=part["row_header"],
        rows=tuple(Row(row["key"], row["label"], row["count"]) for row in part["rows"]),
        total=part["total"],
    )


def report_shown(report: AnnualReport) -> ReportShown | None:
    """The report's figures in the active language; None when none have been taken."""
    figures = report.figures_shown
    if not figures:
        return None
    reports = figures["reports"]
    topics = _table(reports["by_topic"])
    hours = reports["median_hours_to_first_answer"]
    share = reports["deadlines_met_share"]
    deadlines = _table(reports["deadlines"])
    return ReportShown(
        year=figures["year"],
        as_of=date.fromisoformat(figures["as_of"]),
        year_ended=figures["year_ended"],
        plan=figures["plan"],
        measures=_measures(figures["measures"]),
        areas=[_area(area) for area in figures["areas"]],
        total=reports["total"],
        topics=topics,
        topic_chart=_topic_chart(topics),
        deadlines=deadlines,
        median_hours=hours,
        median_days=None if hours is None else hours / 24,
        met_percent=None if share is None else round(share * 100),
        met_hidden=deadlines.hidden_count > 0,
        min_count=reports["min_count"],
        statuses=[(entry["status"], entry["label"]) for entry in figures["measures"]["statuses"]],
    )
