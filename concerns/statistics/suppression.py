"""Small counts are hidden, and so is whatever would let someone work them out again.

A table is a set of cells (counts) and lines: each line says that some cells add up to
another cell, its total (a row and its row total, a column and its column total, the row
totals and the grand total). Shown totals are what make a hidden cell recoverable: if
a row shows its total and hides one cell, that cell is the total minus the rest.

`suppress` hides, first, every count from 1 to `min_count - 1` (primary suppression; a
zero is shown, since it is nobody). Then, as long as a reader with every shown number
and every line could pin down a hidden count, it hides one more cell on a line through
that count (complementary suppression): the one that leaves the fewest counts exposed,
and of those the smallest. Last, a complementary cell that turned out not to be needed
is shown again. "Pin down" is
checked two ways, both exact:

- by subtraction: a hidden count follows from the lines (any sum or difference of them)
  when the lines' equations, solved for the hidden cells, give it a single value. That
  is the case exactly when the reduced row echelon form of the equations, restricted to
  the hidden cells, has a row with only that cell in it. It covers the simple cases (a
  line with exactly one hidden cell) and the subtle ones (in a cross table, a hidden
  cell that links two otherwise separate groups of hidden cells);
- by bounds: every hidden count is at least 1 (a zero would have been shown). A line
  whose hidden cells add up to no more than their number of cells shows that each is 1;
  these bounds are carried from line to line until nothing changes.

The result never shows a count under `min_count`, and every hidden count can take at
least two values that agree with everything shown. tests/test_statistics_suppression.py
proves that on generated tables by trying every possible value.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from core.disclosure import MIN_COUNT

# Bound propagation converges quickly on tables of this size; the cap only keeps a
# pathological table from looping. Stopping early leaves wider (still true) bounds.
_MAX_ROUNDS = 200


@dataclass(frozen=True)
class Line:
    """The cells `members` add up to the cell `total` (all indices into the values)."""

    members: tuple[int, ...]
    total: int


def suppress(
    values: Sequence[int], lines: Sequence[Line], *, min_count: int = MIN_COUNT
) -> frozenset[int]:
    """The indices of the cells to hide: primary, then complementary suppression."""
    if any(value < 0 for value in values):
        raise ValueError("Counts are never negative.")
    for line in lines:
        if sum(values[i] for i in line.members) != values[line.total]:
            raise ValueError(f"The cells of {line} do not add up to its total.")
    primary = {index for index, value in enumerate(values) if 0 < value < min_count}
    hidden = set(primary)
    while exposed := exposed_cells(values, lines, hidden):
        candidates = {
            index
            for line in lines
            if exposed & {*line.members, line.total}
            for index in (*line.members, line.total)
            if index not in hidden and values[index] > 0
        }
        if not candidates:
            # Unreachable for tables that add up, kept so that a bad table cannot loop.
            candidates = {i for i, value in enumerate(values) if i not in hidden and value > 0}
            if not candidates:
                break
        # The cell that leaves the fewest hidden counts exposed, then the smallest count:
        # far fewer cells end up hidden than by taking the smallest count alone.
        hidden.add(
            min(
                candidates,
                key=lambda index: (
                    len(exposed_cells(values, lines, hidden | {index})),
                    values[index],
                    index,
                ),
            )
        )
    # A complementary cell that a later one made unnecessary is shown again, largest first.
    for index in sorted(hidden - primary, key=lambda index: (-values[index], index)):
        if not exposed_cells(values, lines, hidden - {index}):
            hidden.discard(index)
    return frozenset(hidden)


def exposed_cells(
    values: Sequence[int], lines: Sequence[Line], hidden: set[int] | frozenset[int]
) -> set[int]:
    """The hidden cells that a reader of the shown cells could work out."""
    return _determined_by_subtraction(lines, hidden) | _determined_by_bounds(values, lines, hidden)


def _equations(lines: Sequence[Line], hidden: list[int]) -> list[list[Fraction]]:
    column = {cell: position for position, cell in enumerate(hidden)}
    rows = []
    for line in lines:
        row = [Fraction(0)] * len(hidden)
        for cell in line.members:
            if cell in column:
                row[column[cell]] += 1
        if line.total in column:
            row[column[line.total]] -= 1
        if any(row):
            rows.append(row)
    return rows


def _determined_by_subtraction(
    lines: Sequence[Line], hidden: set[int] | frozenset[int]
) -> set[int]:
    order = sorted(hidden)
    rows = _equations(lines, order)
    # Gauss-Jordan elimination over the rationals: exact, and small at these sizes.
    pivot_row = 0
    for col in range(len(order)):
        pivot = next((r for r in range(pivot_row, len(rows)) if rows[r][col]), None)
        if pivot is None:
            continue
        rows[pivot_row], rows[pivot] = rows[pivot], rows[pivot_row]
        lead = rows[pivot_row][col]
        rows[pivot_row] = [value / lead for value in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][col]:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivot_row += 1
    determined = set()
    for row in rows[:pivot_row]:
        nonzero = [col for col, value in enumerate(row) if value]
        if len(nonzero) == 1:
            determined.add(order[nonzero[0]])
    return determined


def _determined_by_bounds(
    values: Sequence[int], lines: Sequence[Line], hidden: set[int] | frozenset[int]
) -> set[int]:
    low: dict[int, float] = dict.fromkeys(hidden, 1)
    high: dict[int, float] = dict.fromkeys(hidden, float("inf"))
    # Each line as sum(sign * x) == constant over its hidden cells.
    equations = []
    for line in lines:
        terms = [(cell, 1) for cell in line.members] + [(line.total, -1)]
        unknown = [(cell, sign) for cell, sign in terms if cell in hidden]
        if unknown:
            constant = -sum(sign * values[cell] for cell, sign in terms if cell not in hidden)
            equations.append((unknown, constant))
    for _round in range(_MAX_ROUNDS):
        changed = False
        for unknown, constant in equations:
            for cell, sign in unknown:
                # sign * x = constant - (the others' sum), whose range follows from theirs.
                others_low = sum(
                    low[o] * s if s > 0 else -high[o] * -s for o, s in unknown if o != cell
                )
                others_high = sum(
                    high[o] * s if s > 0 else -low[o] * -s for o, s in unknown if o != cell
                )
                lo, hi = constant - others_high, constant - others_low
                if sign < 0:
                    lo, hi = -hi, -lo
                if lo > low[cell]:
                    low[cell], changed = lo, True
                if hi < high[cell]:
                    high[cell], changed = hi, True
        if not changed:
            break
    return {cell for cell in hidden if low[cell] == high[cell]}


@dataclass(frozen=True)
class CrossTable:
    """A suppressed cross table: None where a count is hidden."""

    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    total: int | None


def suppress_cross(matrix: Sequence[Sequence[int]], *, min_count: int = MIN_COUNT) -> CrossTable:
    """A cross table with its row, column and grand totals, all shown where it is safe."""
    rows = len(matrix)
    columns = len(matrix[0]) if rows else 0
    values = [value for row in matrix for value in row]
    row_totals = [sum(row) for row in matrix]
    column_totals = [sum(row[c] for row in matrix) for c in range(columns)]
    first_row_total = len(values)
    first_column_total = first_row_total + rows
    grand = first_column_total + columns
    values += [*row_totals, *column_totals, sum(row_totals)]
    lines = [
        *(
            Line(tuple(r * columns + c for c in range(columns)), first_row_total + r)
            for r in range(rows)
        ),
        *(
            Line(tuple(r * columns + c for r in range(rows)), first_column_total + c)
            for c in range(columns)
        ),
        Line(tuple(range(first_row_total, first_column_total)), grand),
        Line(tuple(range(first_column_total, grand)), grand),
    ]
    hidden = suppress(values, lines, min_count=min_count)
    shown = [None if index in hidden else value for index, value in enumerate(values)]
    return CrossTable(
        cells=tuple(tuple(shown[r * columns : (r + 1) * columns]) for r in range(rows)),
        row_totals=tuple(shown[first_row_total:first_column_total]),
        column_totals=tuple(shown[first_column_total:grand]),
        total=shown[grand],
    )


def suppress_counts(
    counts: Sequence[int], *, min_count: int = MIN_COUNT
) -> tuple[tuple[int | None, ...], int | None]:
    """A one-dimensional table and its total, None where hidden."""
    values = [*counts, sum(counts)]
    hidden = suppress(values, [Line(tuple(range(len(counts))), len(counts))], min_count=min_count)
    shown = tuple(None if index in hidden else value for index, value in enumerate(values))
    return shown[:-1], shown[-1]
