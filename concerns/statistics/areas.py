"""The concerns reported in each priority area, a year at a time, for the public pages.

A report is in an area as the topic table of report_figures counts it: under its topic,
which belongs to the area (Topic.priority_area), or, without a topic, under the area it
names (category "priority_area"). The counts are read from that table itself, so an
area's count is the sum of its rows there and the two never disagree.

What is hidden, and why. The line is the published areas and their sum, the reports in
any of them. The year's total and the rows outside the areas (radicalisation, "other",
topics without an area) are given to Politirådet with the statistics and may be
published with them, so the sum is as good as known: it is a cell of the line, and a
count hidden alone would be the total minus the rest minus the shown areas.
suppression.py therefore hides every count from 1 to 2, and beside a hidden area at
least one more; it hides the sum only when it is under 3 itself, and then every area
in it is under 3 and hidden too. A zero is shown, as everywhere in the statistics: it
is nobody. Each year is its own table: no figure adds years up. Since a hidden count
may be a larger one hidden beside a small one, the pages call it hidden, never "fewer
than 3".

A year is counted once, after it has ended, all its areas in one transaction, and never
again (priorities/models/trends.py says why). An area published later has no figures
for the years counted before it; with no area published, no year is counted yet.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from concerns.models import Report, Topic
from concerns.statistics.figures import report_figures
from concerns.statistics.periods import Period
from concerns.statistics.suppression import MIN_COUNT, suppress_counts
from priorities.models import AreaConcernCount, PriorityArea


def area_counts(year: int) -> dict[int, int]:
    """The reports received in `year` per priority area (by its pk), none hidden."""
    # min_count=1 hides nothing: the areas are suppressed together below.
    topics = report_figures(Period.year(year), min_count=1).by_topic
    area_of_topic = dict(
        Topic.objects.filter(priority_area__isnull=False).values_list("slug", "priority_area")
    )
    counts: dict[int, int] = {}
    for row in topics.rows:
        # The keys are "topic:<slug>", "area:<pk>" or "category:<value>" (figures.Row).
        kind, _colon, name = row.key.partition(":")
        if kind == "topic":
            area = area_of_topic.get(name)
        elif kind == "area":
            area = int(name)
        else:
            continue
        if area is not None:
            counts[area] = counts.get(area, 0) + (row.count or 0)
    return counts


def area_figures(
    year: int, areas: list[PriorityArea], *, min_count: int = MIN_COUNT
) -> list[int | None]:
    """The count of each of `areas` in `year`, in their order; None where hidden."""
    counts = area_counts(year)
    shown, _sum = suppress_counts([counts.get(area.pk, 0) for area in areas], min_count=min_count)
    return list(shown)


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
