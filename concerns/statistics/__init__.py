"""Anonymous figures for Politirådet, and for whatever else reports on the case work.

For reuse (the desk, the annual report) the API is:

- `Period` (periods.py): `Period.year(2026)`, `.quarter(2026, 3)`, `.month(2026, 9)`,
  `.between(start, end)`, `.this_year()`;
- `report_figures(period, *, reports=None, today=None)` (figures.py): a `Figures` of
  plain, already suppressed data: tables of rows (key, label, count or None), the total,
  the median hours to the first answer and the share of deadlines met;
- `suppress(values, lines)`, `suppress_counts(counts)`, `suppress_cross(matrix)`
  (suppression.py): primary and complementary suppression for any other table;
- `bar_chart(table)` (charts.py) and `figures_workbook(figures)` (export.py);
- `area_counts_record()` (areas.py): the concerns per priority area of each ended year,
  suppressed and written once to priorities.AreaConcernCount for the public pages; run
  every morning by the task in tasks.py and by `manage.py count_area_concerns`.

views.py serves the page and the spreadsheet in the admin.
"""

from concerns.statistics.figures import Figures, Row, Table, report_figures
from concerns.statistics.periods import Period
from concerns.statistics.suppression import (
    MIN_COUNT,
    Line,
    suppress,
    suppress_counts,
    suppress_cross,
)
from concerns.statistics.views import statistics_urls

__all__ = [
    "MIN_COUNT",
    "Figures",
    "Line",
    "Period",
    "Row",
    "Table",
    "report_figures",
    "statistics_urls",
    "suppress",
    "suppress_counts",
    "suppress_cross",
]
