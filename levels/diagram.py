"""Geometry for the organisation diagram, drawn as inline SVG from the database.

The diagram must stay legible without colour: partners get a dashed frame, the
coordinator's links are dashed lines, and the page repeats the structure as text.
"""

import itertools
import math
import textwrap
from dataclasses import dataclass, field

WIDTH = 960
LABEL_WIDTH = 170
CONTENT_LEFT = LABEL_WIDTH + 20
CONTENT_RIGHT = 720
COORDINATOR_LEFT = 770
COORDINATOR_WIDTH = WIDTH - COORDINATOR_LEFT - 10
BOX_HEIGHT = 72
GAP = 14
ROW_PADDING = 16
MAX_COLUMNS = 3
LINE_HEIGHT = 18
CHAR_WIDTH = 8.2
ROW_GAP = 44


@dataclass
class Box:
    """Coordinates are whole pixels: they are written into SVG attributes as they are."""

    x: int
    y: int
    width: int
    height: int
    lines: list[str]
    dashed: bool = False

    @property
    def text_x(self):
        return round(self.x + self.width / 2)

    @property
    def first_line_y(self):
        block = LINE_HEIGHT * (len(self.lines) - 1)
        return round(self.y + self.height / 2 - block / 2 + 5)


@dataclass
class Row:
    label_lines: list[str]
    y: int
    height: int
    boxes: list[Box] = field(default_factory=list)

    @property
    def middle(self):
        return round(self.y + self.height / 2)

    @property
    def label_first_line_y(self):
        return round(self.middle - LINE_HEIGHT * (len(self.label_lines) - 1) / 2 + 5)


@dataclass
class Diagram:
    width: int
    height: int
    band_width: int
    rows: list[Row]
    coordinator: Box | None
    links: list[tuple[int, int, int, int]]
    arrows: list[tuple[int, int, int, int]]


def _wrap(text, width_px, max_lines=3):
    lines = textwrap.wrap(text, max(8, int(width_px / CHAR_WIDTH)), break_long_words=False) or [""]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return lines


def build_diagram(levels, coordinator):
    rows = []
    y = 10
    content_width = CONTENT_RIGHT - CONTENT_LEFT
    for level in levels:
        items = [(body.name, False) for body in level.bodies.all()]
        items += [(unit.name, not unit.municipal) for unit in level.units.all()]
        columns = max(1, min(MAX_COLUMNS, len(items)))
        grid_rows = max(1, math.ceil(len(items) / columns))
        box_width = (content_width - GAP * (columns - 1)) // columns
        height = grid_rows * BOX_HEIGHT + (grid_rows - 1) * GAP + 2 * ROW_PADDING
        row = Row(label_lines=_wrap(level.name, LABEL_WIDTH - 20, 2), y=y, height=height)
        for index, (name, dashed) in enumerate(items):
            column, grid_row = index % columns, index // columns
            row.boxes.append(
                Box(
                    x=CONTENT_LEFT + column * (box_width + GAP),
                    y=y + ROW_PADDING + grid_row * (BOX_HEIGHT + GAP),
                    width=box_width,
                    height=BOX_HEIGHT,
                    lines=_wrap(name, box_width - 16),
                    dashed=dashed,
                )
            )
        rows.append(row)
        y += height + ROW_GAP

    total_height = y - ROW_GAP + 10
    arrows = [
        ((CONTENT_LEFT + CONTENT_RIGHT) // 2, upper.y + upper.height, lower.y)
        for upper, lower in itertools.pairwise(rows)
    ]
    coordinator_box = None
    links = []
    if coordinator is not None:
        box_height = BOX_HEIGHT + LINE_HEIGHT
        coordinator_box = Box(
            x=COORDINATOR_LEFT,
            y=(total_height - box_height) // 2,
            width=COORDINATOR_WIDTH,
            height=box_height,
            lines=_wrap(coordinator.name, COORDINATOR_WIDTH - 16),
        )
        links = [
            (CONTENT_RIGHT, row.middle, COORDINATOR_LEFT, coordinator_box.y + box_height // 2)
            for row in rows
        ]
    return Diagram(
        width=WIDTH,
        height=total_height,
        band_width=CONTENT_RIGHT - 4,
        rows=rows,
        coordinator=coordinator_box,
        links=links,
        arrows=[(x, y1, x, y2) for x, y1, y2 in arrows],
    )
