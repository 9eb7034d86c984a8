"""The period a set of figures covers: a month, a quarter, a year or any run of dates.

Every figure counts the reports received in the period, by the local date they came in.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal, cast

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Kind = Literal["year", "quarter", "month", "range"]
FIRST_YEAR = 2000
# Long enough for any report Politirådet asks for, short enough to stay a table.
LONGEST_RANGE = timedelta(days=10 * 366)


def _month_end(year: int, month: int) -> date:
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included."""

    kind: Kind
    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls("year", date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        first = 3 * (quarter - 1) + 1
        return cls("quarter", date(year, first, 1), _month_end(year, first + 2))

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        return cls("month", date(year, month, 1), _month_end(year, month))

    @classmethod
    def between(cls, start: date, end: date) -> "Period":
        if end < start:
            raise ValueError("A period ends on or after its start.")
        return cls("range", start, end)

    @classmethod
    def this_year(cls, today: date | None = None) -> "Period":
        return cls.year((today or timezone.localdate()).year)

    @property
    def label(self) -> str:
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "quarter":
            return _("%(quarter)s. kvartal %(year)s") % {
                "quarter": (self.start.month - 1) // 3 + 1,
                "year": self.start.year,
            }
        if self.kind == "month":
            return date_format(self.start, "F Y")
        return f"{date_format(self.start, 'd.m.Y')}–{date_format(self.end, 'd.m.Y')}"

    @property
    def slug(self) -> str:
        """For file names: 2026, 2026-k3, 2026-09 or 2026-01-01_2026-06-30."""
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "quarter":
            return f"{self.start.year}-k{(self.start.month - 1) // 3 + 1}"
        if self.kind == "month":
            return self.start.strftime("%Y-%m")
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    def bounds(self) -> tuple[datetime, datetime]:
        """The first moment of the period and the first moment after it, in local time."""
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )

    def months(self) -> list[date]:
        """The first day of each month the period touches."""
        months, current = [], self.start.replace(day=1)
        while current <= self.end:
            months.append(current)
            current = _month_end(current.year, current.month) + timedelta(days=1)
        return months

    def query(self) -> dict[str, str]:
        """The GET parameters of PeriodForm that give this period back."""
        if self.kind == "range":
            return {"kind": "range", "start": self.start.isoformat(), "end": self.end.isoformat()}
        query = {"kind": self.kind, "year": str(self.start.year)}
        if self.kind == "quarter":
            query["quarter"] = str((self.start.month - 1) // 3 + 1)
        if self.kind == "month":
            query["month"] = str(self.start.month)
        return query


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Periode"),
        choices=[
            ("year", gettext_lazy("Et år")),
            ("quarter", gettext_lazy("Et kvartal")),
            ("month", gettext_lazy("En måned")),
            ("range", gettext_lazy("Fra og med–til og med")),
        ],
    )
    year = forms.IntegerField(label=gettext_lazy("År"), required=False, min_value=FIRST_YEAR)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Kvartal"),
        required=False,
        coerce=int,
        choices=[(q, f"{q}.") for q in range(1, 5)],
    )
    month = forms.TypedChoiceField(
        label=gettext_lazy("Måned"),
        required=False,
        coerce=int,
        choices=[],
    )
    start = forms.DateField(
        label=gettext_lazy("Fra og med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=gettext_lazy("Til og med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        year = self.fields["year"]
        year.validators.append(MaxValueValidator(today.year + 1))
        year.widget.attrs["max"] = today.year + 1
        # Localised month names: built when the form is, in the language of the request.
        cast(forms.ChoiceField, self.fields["month"]).choices = [
            (m, date_format(date(2000, m, 1), "F")) for m in range(1, 13)
        ]
        self.default = Period.this_year(today)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        needs = {
            "year": ["year"],
            "quarter": ["year", "quarter"],
            "month": ["year", "month"],
            "range": ["start", "end"],
        }.get(kind or "", [])
        for name in needs:
            if data.get(name) in (None, ""):
                self.add_error(name, _("Fyll ut dette feltet for perioden du har valgt."))
        start, end = data.get("start"), data.get("end")
        if kind == "range" and start and end:
            if end < start:
                self.add_error("end", _("Sluttdatoen kan ikke være før startdatoen."))
            elif end - start > LONGEST_RANGE:
                self.add_error("end", _("Perioden kan være høyst ti år."))
            elif start.year < FIRST_YEAR:
                self.add_error("start", _("Velg en dato i år 2000 eller senere."))
        return data

    @property
    def period(self) -> Period:
        """The chosen period, or this year when nothing (valid) is chosen."""
        if not self.is_bound or not self.is_valid():
            return self.default
        data = self.cleaned_data
        match data["kind"]:
            case "year":
                return Period.year(data["year"])
            case "quarter":
                return Period.quarter(data["year"], data["quarter"])
            case "month":
                return Period.month(data["year"], data["month"])
            case _:
                return Period.between(data["start"], data["end"])


def period_form(query, *, today: date | None = None) -> PeriodForm:
    """The period form for a request's GET parameters: unbound (this year) when it has none."""
    if "kind" not in query:
        form = PeriodForm(today=today)
        form.initial = form.default.query()
        return form
    return PeriodForm(query, today=today)
