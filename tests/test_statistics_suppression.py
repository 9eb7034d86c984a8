"""Small counts stay hidden, and no hidden count can be worked out from what is shown.

The rules are tested by example, then proved on generated tables: for every hidden
count, a search over whole numbers finds a second value that agrees with every shown
cell and every total. A reader who knows the tables add up, and that a hidden count is
at least 1 (a zero is shown), still cannot tell which of the values is the real one.
Subtraction (the row and column totals, the grand total) is the special case of this.
"""

from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concerns.statistics.suppression import (
    MIN_COUNT,
    Line,
    exposed_cells,
    suppress,
    suppress_counts,
    suppress_cross,
)


def test_a_count_under_three_is_hidden_and_a_zero_is_not():
    assert suppress_counts([5, 0, 4, 2, 1]) == ((5, 0, 4, None, None), 12)


def test_one_hidden_cell_hides_the_next_smallest_too():
    # 9 - 6 would give the 1 back.
    assert suppress_counts([6, 1, 8]) == ((None, None, 8), 15)
    assert suppress_counts([3, 1]) == ((None, None), 4)


def test_two_hidden_cells_whose_sum_gives_them_away_take_a_third():
    # Two hidden cells that add up to 2 are both 1.
    assert suppress_counts([1, 1, 7, 9]) == ((None, None, None, 9), 18)
    # Adding up to 3, they can be 1 and 2 or 2 and 1.
    assert suppress_counts([1, 2, 7, 9]) == ((None, None, 7, 9), 19)


def test_a_total_under_three_is_hidden_with_everything_in_it():
    assert suppress_counts([1, 1]) == ((None, None), None)
    assert suppress_counts([2, 0]) == ((None, 0), None)


def test_nothing_is_hidden_when_every_count_is_large_enough():
    assert suppress_counts([3, 4, 0, 12]) == ((3, 4, 0, 12), 19)
    assert suppress_cross([[3, 4], [5, 6]]).cells == ((3, 4), (5, 6))


def test_a_cross_table_never_has_a_row_or_column_with_one_hidden_cell():
    table = suppress_cross([[8, 1, 5], [4, 6, 7], [9, 3, 10]])
    assert table.cells[0][1] is None
    for line in [*_lines_of(table), *_columns_of(table)]:
        assert sum(value is None for value in line) != 1, line


def test_a_hidden_cell_linking_two_groups_is_not_left_recoverable():
    """No row or column has exactly one hidden cell, yet subtraction finds one.

    Rows 0-1 by columns 0-1 and rows 2-3 by columns 2-3 each form a closed square of hidden
    cells; (1, 2) joins them. Summing rows 0-1 and subtracting columns 0-1 leaves
    x(1,2) alone. The suppression must see this and hide more.
    """
    values = [1, 1, 0, 0, 1, 1, 5, 0, 0, 0, 1, 1, 0, 0, 1, 1]
    hidden = {0, 1, 4, 5, 6, 10, 11, 14, 15}
    lines = _cross_lines(4, 4)
    values = _with_totals(values, 4, 4)
    # The degree rule of thumb holds, but cell 6 (row 1, column 2) is exposed.
    assert 6 in exposed_cells(values, lines, hidden)
    result = suppress(values, lines)
    assert not exposed_cells(values, lines, result)
    _assert_protected(values, lines, result)


def test_tables_that_do_not_add_up_are_refused():
    with pytest.raises(ValueError, match="add up"):
        suppress([1, 2, 4], [Line((0, 1), 2)])
    with pytest.raises(ValueError, match="negative"):
        suppress([-1, 1, 0], [Line((0, 1), 2)])


counts = st.integers(min_value=0, max_value=9)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(counts, min_size=1, max_size=8))
def test_no_hidden_count_of_a_table_with_its_total_can_be_recovered(row):
    values = [*row, sum(row)]
    lines = [Line(tuple(range(len(row))), len(row))]
    hidden = suppress(values, lines)
    _assert_protected(values, lines, hidden)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(min_value=2, max_value=4).flatmap(
        lambda columns: st.lists(
            st.lists(counts, min_size=columns, max_size=columns), min_size=2, max_size=4
        )
    )
)
def test_no_hidden_count_of_a_cross_table_can_be_recovered(matrix):
    rows, columns = len(matrix), len(matrix[0])
    values = _with_totals([value for row in matrix for value in row], rows, columns)
    lines = _cross_lines(rows, columns)
    hidden = suppress(values, lines)
    _assert_protected(values, lines, hidden)
    # suppress_cross is the same thing, laid out.
    table = suppress_cross(matrix)
    shown = [
        *(value for row in table.cells for value in row),
        *table.row_totals,
        *table.column_totals,
        table.total,
    ]
    assert {index for index, value in enumerate(shown) if value is None} == hidden


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(counts, min_size=1, max_size=5), min_size=2, max_size=4))
def test_tables_sharing_one_total_protect_each_other(tables):
    """The statistics page: several one-way tables of the same reports, one grand total."""
    total = sum(tables[0])
    tables = [[*table[:-1], table[-1] + total - sum(table)] for table in tables]
    if any(value < 0 for table in tables for value in table):
        return
    values, lines = [total], []
    for table in tables:
        first = len(values)
        values += table
        lines.append(Line(tuple(range(first, len(values))), 0))
    hidden = suppress(values, lines)
    _assert_protected(values, lines, hidden)


def _assert_protected(values: Sequence[int], lines: Sequence[Line], hidden) -> None:
    # Primary: no shown count is under the threshold (a zero is no one).
    for index, value in enumerate(values):
        if index not in hidden:
            assert value == 0 or value >= MIN_COUNT, (index, value)
        else:
            assert value > 0, "a zero is never hidden"
    # Complementary: no line has exactly one hidden cell...
    for line in lines:
        assert len(hidden & {*line.members, line.total}) != 1, line
    # ...and, stronger, every hidden count has another whole value that fits everything.
    for cell in hidden:
        assert _another_solution(values, lines, hidden, cell), (
            f"cell {cell} ({values[cell]}) can be worked out",
            values,
            sorted(hidden),
        )


def _another_solution(values, lines, hidden, cell) -> bool:
    """Is there an assignment of the hidden cells (each at least 1) with `cell` changed?"""
    # A hidden total has no upper bound a reader could know; any bound will do for a
    # proof that finds a second value, and this one is generous.
    ceiling = 2 * sum(values) + 1
    equations = []
    for line in lines:
        terms = [(member, 1) for member in line.members] + [(line.total, -1)]
        constant = -sum(sign * values[c] for c, sign in terms if c not in hidden)
        variables = [(c, sign) for c, sign in terms if c in hidden]
        if variables:
            equations.append((variables, constant))
    domains = {c: (1, ceiling) for c in hidden}
    below = {**domains, cell: (1, values[cell] - 1)}
    above = {**domains, cell: (values[cell] + 1, ceiling)}
    return _feasible(equations, below) or _feasible(equations, above)


def _feasible(equations, domains) -> bool:
    """A complete search: bounds carried through the equations, then a split of a domain."""
    domains = _propagate(equations, dict(domains))
    if domains is None:
        return False
    open_cells = [c for c, (low, high) in domains.items() if low < high]
    if not open_cells:
        return True
    cell = min(open_cells, key=lambda c: domains[c][1] - domains[c][0])
    low, high = domains[cell]
    middle = (low + high) // 2
    return _feasible(equations, {**domains, cell: (low, middle)}) or _feasible(
        equations, {**domains, cell: (middle + 1, high)}
    )


def _propagate(equations, domains):
    changed = True
    while changed:
        changed = False
        for variables, constant in equations:
            for cell, sign in variables:
                rest_low = sum(
                    domains[c][0] * s if s > 0 else -domains[c][1]
                    for c, s in variables
                    if c != cell
                )
                rest_high = sum(
                    domains[c][1] * s if s > 0 else -domains[c][0]
                    for c, s in variables
                    if c != cell
                )
                # sign * x = constant - rest
                low, high = constant - rest_high, constant - rest_low
                if sign < 0:
                    low, high = -high, -low
                old_low, old_high = domains[cell]
                new = (max(old_low, low), min(old_high, high))
                if new[0] > new[1]:
                    return None
                if new != (old_low, old_high):
                    domains[cell] = new
                    changed = True
    return domains


def _with_totals(cells, rows, columns):
    row_totals = [sum(cells[r * columns : (r + 1) * columns]) for r in range(rows)]
    column_totals = [sum(cells[r * columns + c] for r in range(rows)) for c in range(columns)]
    return [*cells, *row_totals, *column_totals, sum(row_totals)]


def _cross_lines(rows, columns):
    cells = rows * columns
    grand = cells + rows + columns
    return [
        *(Line(tuple(r * columns + c for c in range(columns)), cells + r) for r in range(rows)),
        *(
            Line(tuple(r * columns + c for r in range(rows)), cells + rows + c)
            for c in range(columns)
        ),
        Line(tuple(range(cells, cells + rows)), grand),
        Line(tuple(range(cells + rows, grand)), grand),
    ]


def _lines_of(table):
    return [(*row, total) for row, total in zip(table.cells, table.row_totals, strict=True)]


def _columns_of(table):
    return [
        (*(row[c] for row in table.cells), table.column_totals[c])
        for c in range(len(table.column_totals))
    ]
