"""A bar chart per table, drawn on the server as SVG.

The chart is a picture of the table printed beside it: the SVG has role="img" and is
named by its <title>, and the numbers themselves are in the visible table. A hidden
count has no bar, only the word for hidden.
"""

from dataclasses import dataclass

from concerns.statistics.figures import Table

WIDTH = 640
# Each row: its label on one line, the bar and its count on the next.
LABEL_LINE = 18
BAR_HEIGHT = 16
ROW_GAP = 10
ROW_HEIGHT = LABEL_LINE + BAR_HEIGHT + ROW_GAP
# Room to the right of the longest bar for its count.
COUNT_ROOM = 60


@dataclass(frozen=True)
class Bar:
    label: str
    count: int | None
    label_y: int
    bar_y: int
    width: int
    count_x: int
    count_y: int


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    width: int
    height: int
    bars: tuple[Bar, ...]
    bar_height: int = BAR_HEIGHT


def bar_chart(table: Table) -> Chart:
    largest = max((row.count or 0 for row in table.rows), default=0)
    bars = []
    for index, row in enumerate(table.rows):
        top = index * ROW_HEIGHT
        width = round((WIDTH - COUNT_ROOM) * row.count / largest) if largest and row.count else 0
        bars.append(
            Bar(
                label=row.label,
                count=row.count,
                label_y=top + LABEL_LINE - 5,
                bar_y=top + LABEL_LINE,
                width=width,
                count_x=width + 6,
                count_y=top + LABEL_LINE + BAR_HEIGHT - 3,
            )
        )
    return Chart(
        key=table.key,
        title=table.title,
        width=WIDTH,
        height=max(len(bars) * ROW_HEIGHT - ROW_GAP, 1),
        bars=tuple(bars),
    )
