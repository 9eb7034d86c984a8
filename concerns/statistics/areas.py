"""The concerns reported in each priority area, a year at a time, for the public pages.

A report is in an area as the topic table of report_figures counts it: under its topic,
which belongs to the area (Topic.priority_area), or, without a topic, under the area it
names (category "priority_area"). The counts are read from that table itself, so an
area's count is the sum of its rows there and the two never disagree.

What is hidden, and why. The counts are the by_area table of report_figures: each area
is a cell there, the sum of its rows in the topic table, suppressed together with that
table and the year's total (concerns/statistics/suppression.py). The topic table goes to
Politirådet and into the annual report; an area count suppressed on its own would let a
hidden topic be worked out as the area's count minus its shown topics. A zero is shown,
as everywhere in the statistics: it is nobody. Each year is its own table: no figure
adds years up. Since a hidden count may be a larger one hidden beside a small one, the
pages call it hidden, never "fewer than 3".

A year is counted once, after it has ended, all its areas in one transaction, and never
again (priorities/models/trends.py says why). An area published later has no figures
for the years counted before it; with no area published, no year is counted yet.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from concerns.models import Report
from concerns.statistics.figures import report_figures
from concerns.statistics.periods import Period
from priorities.models import AreaConcernCount, PriorityArea


def area_figures(year: int, areas: list[PriorityArea]) -> list[int | None]:
    """The count of each of `areas` in `year`, in their order; None where hidden."""
    by_area = report_figures(Period.year(year)).by_area
    return [by_area.count(f"area:{area.pk}") for area in areas]


def area_counts_record(*, today: date | None = None) -> list[int]:
    """Count every ended year that has reports and no counts yet; the years counted."""
    today = today or timezone.localdate()
    zone = timezone.get_current_timezone()
    received = Report.objects.datetimes("created_at", "year", tzinfo=zone)
    counted = set(AreaConcernCount.objects.values_list("year", flat=True))
    waiting = sorted({moment.year for moment in received} - counted)
    areas = list(PriorityArea.objects.published())
    written = []
    for year in waiting:
        if year >= today.year or not areas:
            break
        rows = [
            AreaConcernCount(area=area, year=year, count=count)
            for area, count in zip(areas, area_figures(year, areas), strict=True)
        ]
        try:
            with transaction.atomic():
                AreaConcernCount.objects.bulk_create(rows)
        except IntegrityError:
            # Another worker counted the year first; its rows stand, none of ours mixed in.
            continue
        written.append(year)
    return written
