"""A unit's settings as a recipient of concern reports.

They belong to the confidential side: the public unit (levels.Unit) says how to
reach it; this says whether the form offers it, where its notifications go and
how long it has to review a new report.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
    response_days = models.PositiveSmallIntegerField(
        _("svarfrist i dager"),
        default=7,
        help_text=_("Hvor mange dager enheten har på å gå gjennom en ny melding."),
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
