"""Meetings of Politirådet and Forebyggende forum: agenda, decisions and main points.

The agenda is public once the meeting is published. The main points (hovedpunkter)
and the decisions are shown only after the coordinator has approved them. Agenda
items are numbered per body and year (Sak 3/26); the body and the year are copied
from the meeting onto each item so that the database itself keeps a number unique.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.content import PublishedQuerySet
from core.translation import Translated, char_pair, text_pair
from levels.models import Body
from priorities.models.areas import PriorityArea
from priorities.models.plan import Measure
from priorities.validators import refuse_report_references

NO_INDIVIDUAL_CASES = _(
    "Politirådet og Forebyggende forum behandler ikke enkeltsaker. Skriv aldri navn, "
    "referanser til bekymringsmeldinger (SLT-…) eller andre opplysninger som kan knytte "
    "teksten til en person. Teksten blir offentlig."
)


class MeetingQuerySet(PublishedQuerySet):
    def published(self):
        # A meeting of an unpublished body is not shown either.
        return super().published().filter(body__published=True)

    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")


class Meeting(models.Model):
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="meetings"
    )
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"), null=True, blank=True)
    place_nb, place_en = char_pair(_("sted"), blank=True)
    place = Translated()
    minutes_nb, minutes_en = text_pair(
        _("hovedpunkter fra møtet"), blank=True, help_text=NO_INDIVIDUAL_CASES
    )
    minutes = Translated()
    approved_on = models.DateField(
        _("hovedpunktene godkjent"),
        null=True,
        blank=True,
        help_text=_(
            "Datoen hovedpunktene og vedtakene ble godkjent. Før det ser publikum bare sakslisten."
        ),
    )
    published = models.BooleanField(
        _("publisert"),
        default=True,
        help_text=_("Upubliserte møter vises ikke for publikum og ikke i kalenderen."),
    )
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message=_("Møtet kan ikke slutte før det begynner."),
            ),
        ]

    def __str__(self):
        if self.starts_at is None:
            return str(_("Nytt møte"))
        when = formats.date_format(timezone.localtime(self.starts_at), "DATE_FORMAT")
        return f"{self.body.name}, {when}" if self.body_id else when

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The items carry the meeting's body and year for their unique numbers.
        self.agenda_items.exclude(body_id=self.body_id, year=self.year).update(
            body_id=self.body_id, year=self.year
        )

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Møtet kan ikke slutte før det begynner.")
        if self.approved_on and self.starts_at and self.approved_on < self.year_and_day():
            errors["approved_on"] = _("Hovedpunktene kan ikke godkjennes før møtet er holdt.")
        if errors:
            raise ValidationError(errors)
        refuse_report_references(self, ["minutes_nb", "minutes_en"])

    def year_and_day(self):
        return timezone.localdate(self.starts_at)

    @property
    def year(self) -> int:
        return self.year_and_day().year

    @property
    def minutes_public(self) -> bool:
        """The main points and decisions are public once approved."""
        return self.approved_on is not None


class AgendaItem(models.Model):
    """A sak on a meeting's agenda, numbered per body and year: Sak 3/26."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("møte"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    number = models.PositiveSmallIntegerField(
        _("saksnummer"),
        validators=[MinValueValidator(1)],
        help_text=_("Nummereres fortløpende per organ og år: Sak 1/27, Sak 2/27 …"),
    )
    # Copied from the meeting on save; see the module docstring.
    body = models.ForeignKey(Body, on_delete=models.CASCADE, editable=False, related_name="+")
    year = models.PositiveSmallIntegerField(editable=False)
    title_nb, title_en = char_pair(_("sak"))
    title = Translated()
    description_nb, description_en = text_pair(
        _("om saken"), blank=True, help_text=NO_INDIVIDUAL_CASES
    )
    description = Translated()
    decision_nb, decision_en = text_pair(
        _("vedtak"),
        blank=True,
        help_text=_("Vises for publikum når hovedpunktene er godkjent."),
    )
    decision = Translated()
    areas = models.ManyToManyField(
        PriorityArea,
        verbose_name=_("satsingsområder vedtaket gjelder"),
        related_name="decisions",
        blank=True,
    )
    measures = models.ManyToManyField(
        Measure, verbose_name=_("tiltak vedtaket gjelder"), related_name="decisions", blank=True
    )

    class Meta:
        ordering = ["number", "pk"]
        verbose_name = _("sak")
        verbose_name_plural = _("saksliste")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"],
                name="agenda_item_number_unique_per_body_and_year",
                violation_error_message=_("Saksnummeret er allerede brukt dette året."),
            ),
        ]

    def __str__(self):
        return f"{self.label} {self.title}"

    def save(self, *args, **kwargs):
        self.body_id = self.meeting.body_id
        self.year = self.meeting.year
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        year = self.year if self.year else (self.meeting.year if self.meeting_id else 0)
        return str(_("Sak %(number)s/%(year)02d") % {"number": self.number, "year": year % 100})

    def clean(self):
        meeting = getattr(self, "meeting", None)
        if meeting is not None and meeting.starts_at and meeting.body_id and self.number:
            taken = (
                AgendaItem.objects.filter(body_id=meeting.body_id, year=meeting.year)
                .filter(number=self.number)
                .exclude(pk=self.pk)
                .select_related("meeting")
                .first()
            )
            if taken is not None:
                raise ValidationError(
                    {
                        "number": _(
                            "Sak %(number)s/%(year)02d er allerede brukt i %(body)s "
                            "(møtet %(meeting)s). Velg et annet saksnummer."
                        )
                        % {
                            "number": self.number,
                            "year": meeting.year % 100,
                            "body": meeting.body.name,
                            "meeting": formats.date_format(
                                timezone.localtime(taken.meeting.starts_at), "DATE_FORMAT"
                            ),
                        }
                    }
                )
        refuse_report_references(
            self,
            [
                "title_nb",
                "title_en",
                "description_nb",
                "description_en",
                "decision_nb",
                "decision_en",
            ],
        )
