"""Geometry for the small indicator charts, progress bars and concern trends, as inline SVG.

The template writes these numbers into SVG attributes as they are; no JavaScript and
no inline style is needed (the Content-Security-Policy allows neither). Every chart
has its values in text beside it, so nothing depends on seeing the picture.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from core.disclosure import MIN_COUNT
from priorities.models.plan import STATUS_COLOURS, Direction, Indicator, Status, plain_number

WIDTH = 480
HEIGHT = 200
LEFT = 52
RIGHT = 24
TOP = 24
BOTTOM = 34


def number(value: Decimal) -> str:
    """A value as people write it in the active language: 42,5 in Norwegian."""
    return formats.number_format(plain_number(value), use_l10n=True)


@dataclass
class Point:
    x: float
    y: float
    year: int
    label: str


@dataclass
class Tick:
    y: float
    label: str


@dataclass
class Chart:
    points: list[Point]
    ticks: list[Tick]
    target_y: float | None
    target_label: str
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    bottom: int = HEIGHT - BOTTOM

    @property
    def line(self) -> str:
        return " ".join(f"{point.x},{point.y}" for point in self.points)

    @property
    def year_label_y(self) -> int:
        return self.bottom + 22


def nice_step(raw: float) -> float:
    """The smallest of 1, 2 or 5 times a power of ten that is at least `raw`."""
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def indicator_chart(indicator: Indicator, values: Sequence) -> Chart | None:
    """A line of the values by year, with the target as a dashed line; None without values."""
    if not values:
        return None
    target = indicator.target
    numbers = [float(value.value) for value in values]
    if target is not None:
        numbers.append(float(target))
    low, high = min(0.0, *numbers), max(numbers)
    if high == low:
        high = low + 1
    step = nice_step((high - low) / 4)
    top = math.ceil(high / step) * step
    bottom = math.floor(low / step) * step
    plot_top, plot_bottom = TOP, HEIGHT - BOTTOM
    plot_left, plot_right = LEFT + 16, WIDTH - RIGHT - 16

    def y(value: float) -> float:
        return round(plot_top + (top - value) / (top - bottom) * (plot_bottom - plot_top), 1)

    first, last = values[0].year, values[-1].year

    def x(year: int) -> float:
        if first == last:
            return (plot_left + plot_right) / 2
        return round(plot_left + (year - first) / (last - first) * (plot_right - plot_left), 1)

    ticks = []
    count = round((top - bottom) / step)
    for index in range(count + 1):
        value = bottom + index * step
        ticks.append(Tick(y(value), number(Decimal(str(round(value, 6))))))
    points = [
        Point(x(value.year), y(float(value.value)), value.year, number(value.value))
        for value in values
    ]
    target_label = _("Mål: %(target)s") % {"target": number(target)} if target is not None else ""
    return Chart(
        points=points,
        ticks=ticks,
        target_y=y(float(target)) if target is not None else None,
        target_label=target_label,
        description=describe(indicator, values),
    )


def describe(indicator: Indicator, values: Sequence) -> str:
    """The chart in words, for the SVG's text alternative."""
    parts = []
    if indicator.unit:
        parts.append(_("Måleenhet: %(unit)s.") % {"unit": indicator.unit})
    if indicator.target is not None:
        parts.append(_("Målverdi: %(target)s.") % {"target": number(indicator.target)})
    parts.append(f"{Direction(indicator.direction).label}.")
    measured = "; ".join(f"{value.year}: {number(value.value)}" for value in values)
    parts.append(_("Målt: %(values)s.") % {"values": measured})
    return " ".join(parts)


@dataclass
class StatusCount:
    status: str
    label: str
    colour: str
    count: int
    # Where its part of the progress bar starts, in measures.
    offset: int = 0


@dataclass
class Progress:
    counts: list[StatusCount] = field(default_factory=list)
    total: int = 0
    done: int = 0


def status_counts(measures: Sequence) -> dict[Status, int]:
    """Each status's number of measures, zeros too, in the order a measure goes through them."""
    tally = dict.fromkeys(Status, 0)
    for measure in measures:
        tally[Status(measure.status)] += 1
    return tally


def progress_of(
    counts: Mapping[Status, int], labels: Mapping[Status, str] | None = None
) -> Progress:
    """The progress bar of these counts; `labels` are the statuses' own unless given (an
    annual report keeps the words it was taken with)."""
    result = Progress(total=sum(counts.values()))
    offset = 0
    for status in Status:
        if count := counts.get(status, 0):
            label = labels[status] if labels else str(status.label)
            result.counts.append(
                StatusCount(status.value, label, STATUS_COLOURS[status], count, offset)
            )
            offset += count
    result.done = counts.get(Status.DONE, 0)
    return result


def progress(measures: Sequence) -> Progress:
    """How many measures have each status, in the order a measure goes through them."""
    return progress_of(status_counts(measures))


TREND_WIDTH = 480
TREND_HEIGHT = 180
TREND_TOP = 26
TREND_BOTTOM = 30
TREND_SIDE = 8
# A year's slot at the most: one or two years stay bars, not blocks.
TREND_SLOT = 64


@dataclass
class TrendBar:
    year: int
    label: str
    """The count as the language writes it, or the word for hidden."""
    hidden: bool
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def label_y(self) -> float:
        return round(self.y - 6, 1)


@dataclass
class ConcernTrend:
    key: str
    """Unique on the page: the SVG's title and description are named by it."""
    title: str
    description: str
    bars: list[TrendBar]
    width: int = TREND_WIDTH
    height: int = TREND_HEIGHT
    left: int = TREND_SIDE
    right: int = TREND_WIDTH - TREND_SIDE
    baseline: int = TREND_HEIGHT - TREND_BOTTOM
    min_count: int = MIN_COUNT

    @property
    def year_label_y(self) -> int:
        return self.baseline + 20

    @property
    def any_hidden(self) -> bool:
        return any(bar.hidden for bar in self.bars)


def concern_trend(counts: Sequence, *, key: str, title: str) -> ConcernTrend | None:
    """A bar a year for the concern counts of an area (AreaConcernCount rows, oldest first).

    A hidden count has no bar, only the word for hidden; a zero has none either, and
    says 0. None without counts.
    """
    if not counts:
        return None
    hidden_word = _("skjult")
    largest = max((row.count or 0 for row in counts), default=0) or 1
    baseline = TREND_HEIGHT - TREND_BOTTOM
    slot = min((TREND_WIDTH - 2 * TREND_SIDE) / len(counts), TREND_SLOT)
    # Fewer years than fill the width: the bars stand together in the middle.
    start = (TREND_WIDTH - slot * len(counts)) / 2
    bars = []
    for index, row in enumerate(counts):
        height = round((row.count or 0) / largest * (baseline - TREND_TOP), 1)
        bars.append(
            TrendBar(
                year=row.year,
                label=hidden_word if row.hidden else formats.number_format(row.count),
                hidden=row.hidden,
                x=round(start + index * slot + slot * 0.2, 1),
                y=round(baseline - height, 1),
                width=round(slot * 0.6, 1),
                height=height,
            )
        )
    described = "; ".join(f"{bar.year}: {bar.label}" for bar in bars)
    return ConcernTrend(
        key=key,
        title=title,
        description=_("Antall bekymringsmeldinger per år: %(counts)s.") % {"counts": described},
        bars=bars,
    )
