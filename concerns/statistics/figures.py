"""The anonymous figures for one period, as plain data: `report_figures(period)`.

Every figure counts the reports received in the period (their local date), so the
tables all add up to the same total. The work is done in the database: two aggregate
queries (the counts, grouped by every dimension at once, and the answers, grouped by
whole hours and deadline result) and three small look-ups of labels, however many
reports there are. Small counts are hidden as concerns/statistics/suppression.py says.

The first answer to a report is the unit's first message to the sender
(`Report.answered_at`, "første svar til avsender"). It is the answer the sender sees, on
the status page and, if they asked, by e-mail; it is what the feedback deadline asks for
(barnevernsloven § 2-1: feedback within three weeks) and what the desk and the reminders
count (concerns/models/deadlines.py), so the figures and the desk never disagree. It is
kept on the report when the personal data is erased. A status change is not an answer:
the sender learns nothing from it but a word on the status page.

The deadline is the report's feedback deadline (the review deadline where a report
has none). It is met, as in deadlines.py, by a first answer on or before the deadline
day, or by closing the report by then; missed if the answer or the closing came later,
or the day has passed without either; pending otherwise.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Floor, Round, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from concerns.models import Report, Topic
from concerns.statistics.periods import Period
from concerns.statistics.suppression import MIN_COUNT, Line, suppress
from levels.models import Unit
from priorities.models import PriorityArea

# The deadline results; "pending" is a report not answered yet whose deadline has not passed.
MET, MISSED, PENDING = "met", "missed", "pending"


@dataclass(frozen=True)
class Row:
    key: str
    """Stable across languages: "topic:rus", "unit:politiet", "role:private", …"""
    label: str
    count: int | None
    """None when the count is hidden."""

    @property
    def hidden(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    row_header: str
    rows: tuple[Row, ...]
    total: int | None
    """The number of reports in the period, or None when hidden; the same in every table."""

    @property
    def hidden_count(self) -> int:
        return sum(row.hidden for row in self.rows)

    def count(self, key: str) -> int | None:
        return next(row.count for row in self.rows if row.key == key)


@dataclass(frozen=True)
class Figures:
    """Everything shown for one period. Counts are ints, or None when hidden."""

    period: Period
    total: int | None
    by_month: Table
    by_topic: Table
    by_area: Table
    """Each priority area's reports, the sum of its rows in by_topic, suppressed with them.
    Not among `tables`: the public pages show it, the staff's statistics do not."""
    by_recipient: Table
    by_reporter_role: Table
    by_outcome: Table
    deadlines: Table
    median_hours_to_first_answer: float | None
    """Hours from arrival to the first answer, one decimal, over the reports answered;
    None when fewer than min_count are. (Their number is not given: with the deadline
    table it could narrow down a hidden count there.)"""
    deadlines_met_share: float | None
    """Met / (met + missed), 0 to 1; None when either count is hidden, or both are 0."""
    min_count: int = MIN_COUNT

    @property
    def tables(self) -> tuple[Table, ...]:
        """The tables in the order the page and the spreadsheet show them."""
        return (
            self.by_topic,
            self.by_recipient,
            self.by_reporter_role,
            self.by_outcome,
            self.deadlines,
            self.by_month,
        )


class _Seconds(Func):
    """The seconds from the second datetime to the first (PostgreSQL and SQLite)."""

    arity = 2
    arg_joiner = " - "
    template = "EXTRACT(EPOCH FROM (%(expressions)s))"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def _counts(reports, period):
    """(month, topic, category, area, role, recipient, status, outcome) -> reports."""
    month = TruncMonth("created_at", tzinfo=timezone.get_current_timezone())
    start, end = period.bounds()
    grouped = (
        reports.filter(created_at__gte=start, created_at__lt=end)
        .order_by()
        .annotate(month=month)
        .values_list(
            "month",
            "topic_id",
            "category",
            "priority_area_id",
            "reporter_role",
            "recipient_id",
            "status",
            "outcome",
        )
        .annotate(n=Count("pk"))
    )
    return list(grouped)


def _answers(reports, period, today):
    """(whole hours to the first answer or None, deadline result) -> reports."""
    start, end = period.bounds()
    # Rounded to whole seconds first: SQLite's julianday() is a float, 36000 s can be 35999.99.
    seconds = Round(_Seconds(F("answered_at"), F("created_at")))
    hours = Cast(Floor(seconds / 3600), IntegerField())
    closed = Q(status=Report.Status.CLOSED)
    result = Case(
        When(
            Q(answered_at__date__lte=F("deadline"))
            | (closed & Q(closed_at__date__lte=F("deadline"))),
            then=Value(MET),
        ),
        When(
            Q(answered_at__isnull=False) | closed | Q(deadline__lt=today),
            then=Value(MISSED),
        ),
        default=Value(PENDING),
        output_field=CharField(),
    )
    grouped = (
        reports.filter(created_at__gte=start, created_at__lt=end)
        .order_by()
        .annotate(deadline=Coalesce("feedback_due_date", "due_date"))
        .annotate(hours=hours, result=result)
        .values_list("hours", "result")
        .annotate(n=Count("pk"))
    )
    return list(grouped)


def _median(histogram: dict[int, int]) -> float | None:
    """The median of durations grouped by whole hours, each taken at its hour's middle.

    Exact to within half an hour: the same rule as the plain median (the middle value, or
    the mean of the two middle values) over the grouped durations.
    """
    count = sum(histogram.values())
    if not count:
        return None

    def value_at(rank: int) -> float:
        seen = 0
        for hour in sorted(histogram):
            seen += histogram[hour]
            if rank < seen:
                return hour + 0.5
        raise AssertionError("rank out of range")

    middle = (value_at((count - 1) // 2) + value_at(count // 2)) / 2
    return round(middle, 1)


@dataclass
class _Bucket:
    label: str
    order: tuple
    count: int = 0


class _Tally(dict[str, _Bucket]):
    def add(self, key: str, label: str, order: tuple, n: int) -> None:
        self.setdefault(key, _Bucket(label, order))
        self[key].count += n

    def ordered(self) -> list[tuple[str, _Bucket]]:
        return sorted(self.items(), key=lambda item: item[1].order)


def _fixed(choices) -> _Tally:
    """A row for each choice, in their order, zero until counted."""
    return _Tally(
        {key: _Bucket(str(label), (index,)) for index, (key, label) in enumerate(choices)}
    )


@dataclass
class _AreaRows:
    label: str
    order: tuple
    rows: list[str]


def _tally_counts(counts, period: Period) -> tuple[dict[str, _Tally], dict[str, _AreaRows]]:
    # Each label read once (a translated field asks for the active language each time).
    all_topics = list(Topic.objects.all())
    topics = {
        topic.pk: (f"topic:{topic.slug}", topic.label, (0, topic.position, topic.pk))
        for topic in all_topics
    }
    areas = {
        area.pk: (f"area:{area.pk}", area.title, (1, area.position, area.pk))
        for area in PriorityArea.objects.all()
    }
    # The topic table's rows that make up each priority area: the reports that name the
    # area without a topic, and its topics.
    area_rows = {key: _AreaRows(label, order, [key]) for key, label, order in areas.values()}
    for topic in all_topics:
        if topic.priority_area_id in areas:
            area_rows[areas[topic.priority_area_id][0]].rows.append(f"topic:{topic.slug}")
    categories = {
        value: (f"category:{value}", str(label), (2, index, 0))
        for index, (value, label) in enumerate(Report.Category.choices)
    }
    # `or {0}`: the look-up runs (and the page's query count stays the same) with no reports.
    units = {
        unit.pk: (f"unit:{unit.slug}", unit.name, (unit.position, unit.pk))
        for unit in Unit.objects.filter(pk__in={row[5] for row in counts} or {0})
    }
    zone = timezone.get_current_timezone()
    months = _fixed((f"month:{m:%Y-%m}", date_format(m, "F Y")) for m in period.months())
    by_topic, by_unit = _Tally(), _Tally()
    roles = _fixed((f"role:{value}", label) for value, label in Report.ReporterRole.choices)
    outcomes = _fixed(
        [
            *((f"outcome:{value}", label) for value, label in Report.Outcome.choices),
            ("outcome:open", _("Ikke avsluttet ennå")),
        ]
    )
    for month, topic_id, category, area_id, role, unit_id, status, outcome, n in counts:
        months[f"month:{month.astimezone(zone):%Y-%m}"].count += n
        if topic_id in topics:
            by_topic.add(*topics[topic_id], n)
        elif category == Report.Category.PRIORITY_AREA and area_id in areas:
            by_topic.add(*areas[area_id], n)
        else:
            by_topic.add(*categories[category], n)
        by_unit.add(*units[unit_id], n)
        roles[f"role:{role}"].count += n
        closed = status == Report.Status.CLOSED and outcome
        outcomes[f"outcome:{outcome}" if closed else "outcome:open"].count += n
    tallies = {
        "month": months,
        "topic": by_topic,
        "recipient": by_unit,
        "reporter_role": roles,
        "outcome": outcomes,
    }
    return tallies, area_rows


def _tally_answers(answers) -> tuple[_Tally, dict[int, int]]:
    deadlines = _fixed(
        [
            (f"deadline:{MET}", _("Svart eller avsluttet innen fristen")),
            (f"deadline:{MISSED}", _("Etter fristen, eller fristen er passert uten svar")),
            (f"deadline:{PENDING}", _("Ikke svart ennå, fristen er ikke passert")),
        ]
    )
    histogram: dict[int, int] = {}
    for hours, result, n in answers:
        deadlines[f"deadline:{result}"].count += n
        if hours is not None:
            # A report moved into the period by hand can have its answer before it.
            hour = max(int(hours), 0)
            histogram[hour] = histogram.get(hour, 0) + n
    return deadlines, histogram


def report_figures(
    period: Period,
    *,
    reports: QuerySet[Report] | None = None,
    today: date | None = None,
    min_count: int = MIN_COUNT,
) -> Figures:
    """The anonymous figures for the reports received in `period`.

    `reports` narrows the reports counted (for example to one unit's, for its desk);
    by default all. `today` decides which deadlines have passed (default: today). Labels
    are in the active language. Nothing returned can single out a report: see
    concerns/statistics/suppression.py.
    """
    reports = Report.objects.all() if reports is None else reports
    today = today or timezone.localdate()
    tallies, area_rows = _tally_counts(_counts(reports, period), period)
    tallies["deadlines"], histogram = _tally_answers(_answers(reports, period, today))
    titles = {
        "month": (_("Per måned"), _("Måned")),
        "topic": (_("Per tema"), _("Tema")),
        "recipient": (_("Per mottaker"), _("Mottaker")),
        "reporter_role": (_("Per avsendertype"), _("Avsender")),
        "outcome": (_("Utfall"), _("Utfall")),
        "deadlines": (_("Frist for svar til avsender"), _("Første svar")),
    }

    # One set of cells for all the tables: the total (cell 0) is the total of every line.
    values = [sum(bucket.count for bucket in tallies["reporter_role"].values())]
    lines, layout = [], []
    for key, tally in tallies.items():
        first = len(values)
        ordered = tally.ordered()
        values += [bucket.count for _key, bucket in ordered]
        lines.append(Line(tuple(range(first, len(values))), 0))
        layout.append((key, ordered, first))
    # Each priority area is a cell too, the total of its rows in the topic table: the area
    # pages and the annual report publish these, and suppressing them apart from the topic
    # table would let a hidden topic be worked out as its area's count minus the rest.
    cell_of_topic_row = {
        row_key: first + offset
        for key, ordered, first in layout
        if key == "topic"
        for offset, (row_key, _bucket) in enumerate(ordered)
    }
    # An area with no rows has no reports: no cell, a zero, shown.
    area_cells: dict[str, int] = {}
    for area_key, area in area_rows.items():
        members = tuple(cell_of_topic_row[row] for row in area.rows if row in cell_of_topic_row)
        if members:
            values.append(sum(values[i] for i in members))
            lines.append(Line(members, len(values) - 1))
            area_cells[area_key] = len(values) - 1
    hidden = suppress(values, lines, min_count=min_count)

    def shown(index: int) -> int | None:
        return None if index in hidden else values[index]

    tables = {
        key: Table(
            key=key,
            title=titles[key][0],
            row_header=titles[key][1],
            rows=tuple(
                Row(row_key, bucket.label, shown(first + offset))
                for offset, (row_key, bucket) in enumerate(ordered)
            ),
            total=shown(0),
        )
        for key, ordered, first in layout
    }
    by_area = Table(
        key="area",
        title=_("Per satsingsområde"),
        row_header=_("Satsingsområde"),
        rows=tuple(
            Row(key, area.label, shown(area_cells[key]) if key in area_cells else 0)
            for key, area in sorted(area_rows.items(), key=lambda item: item[1].order)
        ),
        total=shown(0),
    )
    answered = sum(histogram.values())
    met = tables["deadlines"].count(f"deadline:{MET}")
    missed = tables["deadlines"].count(f"deadline:{MISSED}")
    share = None
    if met is not None and missed is not None and met + missed:
        share = met / (met + missed)
    return Figures(
        period=period,
        total=shown(0),
        by_month=tables["month"],
        by_topic=tables["topic"],
        by_area=by_area,
        by_recipient=tables["recipient"],
        by_reporter_role=tables["reporter_role"],
        by_outcome=tables["outcome"],
        deadlines=tables["deadlines"],
        median_hours_to_first_answer=_median(histogram) if answered >= min_count else None,
        deadlines_met_share=share,
        min_count=min_count,
    )
