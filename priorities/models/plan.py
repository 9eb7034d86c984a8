"""The action plan (handlingsplan): goals per priority area, measures, status and indicators.

A plan covers a period of years. Under it, each priority area has goals; under each
goal, the measures that carry it out and the indicators that show whether it is
reached. A measure's status is the latest entry in its dated status log: the log is
the only record, and the current status is read from it (`with_status`), never kept
beside it.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.content import OrderedContent, PublishedQuerySet
from core.translation import Translated, char_pair, text_pair
from levels.models import Level, Unit
from priorities.models.areas import PriorityArea
from priorities.validators import refuse_report_references

YEARS = [MinValueValidator(2000), MaxValueValidator(2100)]
MONTH = [MinValueValidator(1), MaxValueValidator(12)]


class PlanQuerySet(PublishedQuerySet):
    pass


class Plan(models.Model):
    """A handlingsplan for a period of years, such as the plan for 2026 to 2029."""

    slug = models.SlugField(
        _("nettadresse"),
        unique=True,
        help_text=_(
            "Siste del av planens nettadresse, for eksempel 2026-2029. Kan ikke endres etterpå."
        ),
    )
    title_nb, title_en = char_pair(_("tittel"))
    title = Translated()
    introduction_nb, introduction_en = text_pair(_("innledning"), blank=True)
    introduction = Translated()
    start_year = models.PositiveSmallIntegerField(_("fra år"), validators=YEARS)
    end_year = models.PositiveSmallIntegerField(_("til og med år"), validators=YEARS)
    under_review = models.BooleanField(
        _("utkast til gjennomgang"),
        default=False,
        help_text=_(
            "Vises som en merknad på planens side: planen er et utkast som skal gjennomgås "
            "og ikke er endelig vedtatt."
        ),
    )
    published = models.BooleanField(
        _("publisert"), default=True, help_text=_("Upubliserte planer vises ikke for publikum.")
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year", "-pk"]
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="plan_ends_after_it_starts",
                violation_error_message=_("Planen kan ikke slutte før den begynner."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plan:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError(
                {
                    "end_year": _("Planen kan ikke slutte før den begynner (%(start)s).")
                    % {"start": self.start_year}
                }
            )

    @property
    def period(self):
        return f"{self.start_year}–{self.end_year}"

    def covers(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year


def current_plan(plans: Sequence[Plan], year: int | None = None) -> Plan | None:
    """The one current plan among published `plans`.

    The plan covering this year; if several do, the one that started last; if none
    does, the newest.
    """
    year = year or timezone.localdate().year
    pool = [plan for plan in plans if plan.covers(year)] or list(plans)
    return max(pool, key=lambda plan: (plan.start_year, plan.pk), default=None)


class Goal(OrderedContent):
    """A mål in one priority area of a plan."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("handlingsplan"), on_delete=models.CASCADE, related_name="goals"
    )
    area = models.ForeignKey(
        PriorityArea,
        verbose_name=_("satsingsområde"),
        on_delete=models.CASCADE,
        related_name="goals",
    )
    text_nb, text_en = char_pair(_("mål"), max_length=300)
    text = Translated()
    description_nb, description_en = text_pair(_("utdyping"), blank=True)
    description = Translated()

    class Meta(OrderedContent.Meta):
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # A measure sits in its goal's area; moving the goal moves its measures.
        self.measures.exclude(area_id=self.area_id).update(area_id=self.area_id)


class Status(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    ONGOING = "ongoing", _("Pågår")
    DONE = "done", _("Gjennomført")
    PAUSED = "paused", _("Satt på pause")
    DROPPED = "dropped", _("Avsluttet uten gjennomføring")


# A measure is finished, late or not, once it is done or dropped.
FINISHED = (Status.DONE, Status.DROPPED)
# Designsystemet colours for a status tag; the text says the status, the colour only helps.
STATUS_COLOURS = {
    Status.PLANNED: "neutral",
    Status.ONGOING: "info",
    Status.DONE: "success",
    Status.PAUSED: "warning",
    Status.DROPPED: "neutral",
}


def month_and_year(year: int | None, month: int | None) -> str:
    if year is None:
        return ""
    return f"{MONTHS[month]} {year}" if month else str(year)


class MeasureQuerySet(PublishedQuerySet):
    def with_status(self):
        """Each measure with `current_status` and `status_since`, from its latest log entry."""
        latest = MeasureStatus.objects.filter(measure=OuterRef("pk")).order_by("-date", "-pk")
        return self.annotate(
            current_status=Coalesce(
                Subquery(latest.values("status")[:1]),
                Value(Status.PLANNED.value),
                output_field=models.CharField(),
            ),
            status_since=Subquery(latest.values("date")[:1]),
        )

    def late(self, today: date | None = None):
        """Measures whose end has passed without being done or dropped."""
        return (
            self.with_status().filter(Measure.ended_by(today)).exclude(current_status__in=FINISHED)
        )

    def not_late(self, today: date | None = None):
        return self.with_status().exclude(
            Q(Measure.ended_by(today)) & ~Q(current_status__in=FINISHED)
        )


MeasureManager = models.Manager.from_queryset(MeasureQuerySet)


class Measure(OrderedContent):
    """A tiltak under a goal of the plan, with the units responsible for carrying it out.

    `area` is always the goal's area; it is kept on the measure too, so that a measure
    entered before the plan existed (or outside it) still belongs to its priority area.
    """

    area = models.ForeignKey(
        PriorityArea,
        verbose_name=_("satsingsområde"),
        on_delete=models.CASCADE,
        related_name="measures",
    )
    # RESTRICT: a goal with measures cannot be deleted on its own, but deleting its
    # priority area takes the goal and the measures with it.
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("mål"),
        on_delete=models.RESTRICT,
        related_name="measures",
        null=True,
        help_text=_("Målet i handlingsplanen som tiltaket skal bidra til."),
    )
    title_nb, title_en = char_pair(_("tiltak"))
    title = Translated()
    description_nb, description_en = text_pair(_("beskrivelse"), blank=True)
    description = Translated()
    responsible_units = models.ManyToManyField(
        Unit,
        verbose_name=_("ansvarlige enheter"),
        related_name="measures",
        blank=True,
        help_text=_(
            "Enhetene som gjennomfører tiltaket. De ansatte i disse enhetene kan oppdatere "
            "statusen. Enheten må være publisert."
        ),
    )
    decided_at = models.ForeignKey(
        Level,
        verbose_name=_("vedtatt på nivå"),
        on_delete=models.PROTECT,
        related_name="measures",
        null=True,
        blank=True,
        help_text=_(
            "Politirådet (styringsnivået) peker ut satsingsområdene, Forebyggende forum "
            "(koordinerende nivå) legger strategiene, og enhetene (utførende nivå) "
            "gjennomfører dem i det daglige arbeidet."
        ),
    )
    start_year = models.PositiveSmallIntegerField(
        _("start, år"), null=True, blank=True, validators=YEARS
    )
    start_month = models.PositiveSmallIntegerField(
        _("start, måned"),
        null=True,
        blank=True,
        validators=MONTH,
        help_text=_("1–12. La stå tom hvis bare året er kjent."),
    )
    end_year = models.PositiveSmallIntegerField(
        _("slutt, år"), null=True, blank=True, validators=YEARS
    )
    end_month = models.PositiveSmallIntegerField(
        _("slutt, måned"),
        null=True,
        blank=True,
        validators=MONTH,
        help_text=_("1–12. Tiltaket er forsinket når slutten er passert uten at det er ferdig."),
    )

    objects: ClassVar[MeasureManager] = MeasureManager()

    class Meta(OrderedContent.Meta):
        verbose_name = _("tiltak")
        verbose_name_plural = pgettext_lazy("plural", "tiltak")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(start_year__isnull=True)
                    | Q(end_year__isnull=True)
                    | Q(end_year__gt=F("start_year"))
                    | Q(end_year=F("start_year"))
                    & (
                        Q(start_month__isnull=True)
                        | Q(end_month__isnull=True)
                        | Q(end_month__gte=F("start_month"))
                    )
                ),
                name="measure_ends_after_it_starts",
                violation_error_message=_("Tiltaket kan ikke slutte før det starter."),
            ),
            models.CheckConstraint(
                condition=(Q(start_month__isnull=True) | Q(start_year__isnull=False))
                & (Q(end_month__isnull=True) | Q(end_year__isnull=False)),
                name="measure_month_needs_a_year",
                violation_error_message=_("En måned må ha et år."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors: dict[str, Any] = {}
        if self.goal is not None:
            self.area_id = self.goal.area_id
        if self.start_month and not self.start_year:
            errors["start_year"] = _("Oppgi året tiltaket starter.")
        if self.end_month and not self.end_year:
            errors["end_year"] = _("Oppgi året tiltaket slutter.")
        start, end = self._start_key(), self._end_key()
        if not errors and start and end and end < start:
            errors["end_year"] = _(
                "Tiltaket kan ikke slutte før det starter. Slutt: %(end)s, start: %(start)s."
            ) % {
                "end": month_and_year(self.end_year, self.end_month),
                "start": month_and_year(self.start_year, self.start_month),
            }
        if errors:
            raise ValidationError(errors)
        refuse_report_references(self, ["description_nb", "description_en"])

    def save(self, *args, **kwargs):
        if self.goal is not None:
            self.area_id = self.goal.area_id
        super().save(*args, **kwargs)

    def _start_key(self):
        return self.start_year and (self.start_year, self.start_month or 1)

    def _end_key(self):
        return self.end_year and (self.end_year, self.end_month or 12)

    @staticmethod
    def ended_by(today: date | None = None) -> Q:
        """Measures whose end (the last day of its month, or of its year) is before today."""
        today = today or timezone.localdate()
        return Q(end_year__lt=today.year) | Q(end_year=today.year, end_month__lt=today.month)

    @property
    def status(self) -> str:
        if hasattr(self, "current_status"):
            return self.current_status
        latest = self.status_log.order_by("-date", "-pk").first()
        return latest.status if latest else Status.PLANNED

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS[Status(self.status)]

    def is_late(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        end = self._end_key()
        return bool(end) and end < (today.year, today.month) and self.status not in FINISHED

    @property
    def period(self) -> str:
        start = month_and_year(self.start_year, self.start_month)
        end = month_and_year(self.end_year, self.end_month)
        if start and end:
            if start == end:
                return start
            # An en dash between years, a spaced one between months and years.
            return (
                f"{start}–{end}" if not (self.start_month or self.end_month) else f"{start} – {end}"
            )
        if start:
            return _("fra %(start)s") % {"start": start}
        if end:
            return _("til %(end)s") % {"end": end}
        return ""


class MeasureStatus(models.Model):
    """One entry in a measure's status log. The latest entry is the measure's status."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("tiltak"), on_delete=models.CASCADE, related_name="status_log"
    )
    date = models.DateField(_("dato"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    comment_nb, comment_en = char_pair(_("kort kommentar"), max_length=300, blank=True)
    comment = Translated()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("registrert"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("statusendring")
        verbose_name_plural = _("statuslogg")

    def __str__(self):
        return f"{self.date}: {self.get_status_display()}"

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("Datoen kan ikke være fram i tid.")})
        refuse_report_references(self, ["comment_nb", "comment_en"])

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[Status(self.status)]


class Direction(models.TextChoices):
    HIGHER = "higher", _("Høyere er bedre")
    LOWER = "lower", _("Lavere er bedre")


class Indicator(OrderedContent):
    """Something measured each year that shows whether a goal is being reached."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("mål"), on_delete=models.CASCADE, related_name="indicators"
    )
    name_nb, name_en = char_pair(_("indikator"))
    name = Translated()
    unit_nb, unit_en = char_pair(_("måleenhet"), max_length=60)
    unit = Translated()
    target = models.DecimalField(
        _("målverdi"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Verdien planen sikter mot. La stå tom hvis det ikke er satt noe mål."),
    )
    direction = models.CharField(
        _("retning"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    description_nb, description_en = text_pair(_("hva som måles"), blank=True)
    description = Translated()

    class Meta(OrderedContent.Meta):
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")

    def __str__(self):
        return self.name


class Source(models.TextChoices):
    UNGDATA = "ungdata", _("Ungdata")
    POLICE = "police", _("Politiets tall")
    PORTAL = "portal", _("Portalens anonyme statistikk over bekymringsmeldinger")
    OTHER = "other", _("Annen kilde")


class IndicatorValue(models.Model):
    """A measured value of an indicator for one year, with where it comes from."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indikator"), on_delete=models.CASCADE, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEARS)
    value = models.DecimalField(_("verdi"), max_digits=12, decimal_places=2)
    source = models.CharField(_("kilde"), max_length=10, choices=Source.choices)
    source_note_nb, source_note_en = char_pair(_("om kilden"), max_length=200, blank=True)
    source_note = Translated()

    class Meta:
        ordering = ["year", "pk"]
        verbose_name = _("måling")
        verbose_name_plural = _("målinger")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="one_value_per_indicator_and_year",
                violation_error_message=_("Indikatoren har allerede en verdi for dette året."),
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.value}"


def plain_number(value: Decimal) -> Decimal:
    """42.50 as 42.5 and 100.00 as 100, never 1E+2."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal
