"""A unit's settings as a recipient of concern reports.

They belong to the confidential side: the public unit (levels.Unit) says how to
reach it; this says whether the form offers it, where its notifications go, and its
deadline rules (concerns/models/deadlines.py): how long it has to review a new report
and to answer the sender, and when its inbox is reminded.
"""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from concerns.models.deadlines import LEGAL_LIMITS, DeadlineRule
from core.translation import Translated, char_pair
from levels.models import Unit


class RecipientQuerySet(models.QuerySet):
    def receiving(self):
        """Published units that the concern form offers as recipients."""
        return self.filter(receives_reports=True, unit__published=True)


class UnitReporting(models.Model):
    unit = models.OneToOneField(
        Unit,
        verbose_name=_("enhet"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reporting",
    )
    receives_reports = models.BooleanField(
        _("tar imot bekymringsmeldinger"),
        default=False,
        help_text=_("Vises som mottaker i bekymringsskjemaet."),
    )
    reports_inbox = models.EmailField(
        _("innboks for varsel om nye meldinger"),
        blank=True,
        help_text=_("Varselet sier bare at en ny melding har kommet, aldri hva den handler om."),
    )
    reports_about_nb, reports_about_en = char_pair(
        _("hva enheten tar imot meldinger om"), max_length=150, blank=True
    )
    reports_about = Translated()
    # The review deadline. It kept its name from before there were two deadlines.
    response_days = models.PositiveSmallIntegerField(
        _("frist for gjennomgang (dager)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_(
            "Hvor mange dager enheten har på å gå gjennom en ny melding. Barnevernet: høyst "
            "7 dager (barnevernsloven § 2-1)."
        ),
    )
    feedback_days = models.PositiveSmallIntegerField(
        _("frist for svar til avsender (dager)"),
        default=21,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_(
            "Hvor mange dager avsenderen høyst skal vente på en melding fra enheten. "
            "Barnevernet: høyst 21 dager (tre uker)."
        ),
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        _("påminnelse dager før fristen"),
        default=2,
        validators=[MaxValueValidator(14)],
        help_text=_(
            "Innboksen får en påminnelse uten innhold så mange dager før en frist, og en på "
            "dagen fristen går ut. 0 gir bare påminnelsen på dagen."
        ),
    )

    objects = RecipientQuerySet.as_manager()

    class Meta:
        ordering = ["unit__position", "unit__pk"]
        verbose_name = _("mottak av bekymringsmeldinger")
        verbose_name_plural = _("mottak av bekymringsmeldinger")
        constraints = [
            models.CheckConstraint(
                condition=Q(receives_reports=False) | ~Q(reports_inbox=""),
                name="report_recipient_has_inbox",
                violation_error_message=_(
                    "En enhet som tar imot bekymringsmeldinger, må ha en innboks for varsel."
                ),
            ),
        ]

    def __str__(self):
        return str(self.unit)

    @property
    def rule(self) -> DeadlineRule:
        return DeadlineRule(
            review_days=self.response_days,
            feedback_days=self.feedback_days,
            reminder_days_before=self.reminder_days_before,
        )

    def clean(self):
        super().clean()
        try:
            kind = self.unit.kind
        except ObjectDoesNotExist:
            return
        limit = LEGAL_LIMITS.get(kind)
        if limit is None:
            return
        errors = {}
        if self.response_days and self.response_days > limit.review_days:
            errors["response_days"] = _(
                "Barnevernet skal gå gjennom en melding innen %(days)s dager "
                "(barnevernsloven § 2-1)."
            ) % {"days": limit.review_days}
        if self.feedback_days and self.feedback_days > limit.feedback_days:
            errors["feedback_days"] = _(
                "Barnevernet skal gi avsenderen svar innen %(days)s dager."
            ) % {"days": limit.feedback_days}
        if errors:
            raise ValidationError(errors)
