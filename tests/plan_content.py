"""What the action-plan and meeting tests share: an admin form read back as a browser
posts it, and a plan filled with more content than the seed has.

No tests here; the test modules import from it.
"""

from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser

from django.utils import timezone

from levels.models import Body, Level, Unit
from priorities.models import (
    AgendaItem,
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureStatus,
    Meeting,
    Plan,
    PriorityArea,
    Source,
    Status,
)


class _FormReader(HTMLParser):
    """The fields of the page's forms with the values a browser would send unchanged."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self._select: tuple[str, bool] | None = None
        self._selected: list[str] = []
        self._first_option: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def _add(self, name, value):
        if "__prefix__" not in name:
            self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    self._add(name, attributes.get("value") or "on")
                return
            self._add(name, attributes.get("value") or "")
        elif tag == "select" and name:
            self._select = (name, "multiple" in attributes)
            self._selected, self._first_option = [], None
        elif tag == "option" and self._select:
            value = attributes.get("value") or ""
            if self._first_option is None:
                self._first_option = value
            if "selected" in attributes:
                self._selected.append(value)
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            name, multiple = self._select
            chosen = self._selected or ([] if multiple else [self._first_option or ""])
            self.fields.setdefault(name, []).extend(chosen)
            self._select = None
        elif tag == "textarea" and self._textarea:
            # The browser drops the newline that follows <textarea>.
            self._add(self._textarea, self._text.removeprefix("\n"))
            self._textarea = None


def admin_form(client, url):
    """The admin form at `url` as its browser would post it back unchanged."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    reader = _FormReader()
    reader.feed(response.content.decode())
    data: dict[str, str | list[str]] = {}
    for name, values in reader.fields.items():
        if values:  # a multiple select with nothing chosen sends nothing
            data[name] = values if len(values) > 1 else values[0]
    data.pop("_action", None)
    data.pop("action", None)
    return data


def post_admin(client, url, **changes):
    """Open the admin form at `url`, change some fields, save; the response."""
    data = admin_form(client, url)
    data.update({name.replace("__", "-"): value for name, value in changes.items()})
    data["_save"] = "Lagre"
    return client.post(url, data)


def errors_in(response):
    return response.content.decode()


def more_plan_content(copies=5):
    """Many goals, measures, statuses, indicators, values, meetings and agenda items."""
    plan = Plan.objects.get(slug="2026-2029")
    earlier = Plan.objects.create(
        slug="2022-2025", title_nb="Handlingsplan SLT 2022–2025", start_year=2022, end_year=2025
    )
    level = Level.objects.get(position=3)
    council = Body.objects.get(slug="politiradet")
    forum = Body.objects.get(slug="forebyggende-forum")
    units = list(Unit.objects.published()[:3])
    now = timezone.now()
    for index in range(copies):
        for target_plan in (plan, earlier):
            for area in PriorityArea.objects.all():
                goal = Goal.objects.create(
                    plan=target_plan, area=area, text_nb=f"Mål {index}", description_nb="Utdyping."
                )
                for number in range(2):
                    measure = Measure.objects.create(
                        area=area,
                        goal=goal,
                        title_nb=f"Tiltak {index}.{number}",
                        decided_at=level,
                        start_year=2026,
                        end_year=2027,
                        end_month=6,
                    )
                    measure.responsible_units.set(units)
                    MeasureStatus.objects.create(measure=measure, status=Status.ONGOING)
                    MeasureStatus.objects.create(measure=measure, status=Status.DONE)
                indicator = Indicator.objects.create(
                    goal=goal, name_nb=f"Indikator {index}", unit_nb="prosent", target=Decimal(20)
                )
                for year in (2023, 2024, 2025, 2026):
                    IndicatorValue.objects.create(
                        indicator=indicator,
                        year=year,
                        value=Decimal(30 - year % 10),
                        source=Source.UNGDATA,
                        source_note_nb="Ungdata, 8.–10. trinn",
                    )
        for body, offset in ((council, 40 + index), (forum, -40 - index)):
            meeting = Meeting.objects.create(
                body=body,
                starts_at=now + timedelta(days=offset),
                place_nb="Rådhuset",
                minutes_nb="Hovedpunkter.",
                approved_on=(now + timedelta(days=offset + 1)).date() if offset < 0 else None,
            )
            for number in (1, 2):
                item = AgendaItem.objects.create(
                    meeting=meeting,
                    number=100 + index * 10 + number,
                    title_nb="Sak",
                    decision_nb="Vedtak.",
                )
                item.areas.set(PriorityArea.objects.all()[:2])
                item.measures.set(Measure.objects.all()[:2])
    return plan, earlier
