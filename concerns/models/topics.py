"""The topics a sender picks from on the concern form, in the words a parent would use.

The coordinator edits them in the admin. Each maps to the report category and, where
there is one, the Politirådet priority area that the anonymous statistics count by; the
long policy titles stay on the priority-area pages. Topics flagged for the duty to report
(violence, abuse, serious neglect) make the form remind a public employee who sends to the
coordinator that their duty to report to child welfare is personal.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from concerns.models.reports import Report
from core.content import OrderedContent
from core.translation import Translated, char_pair
from priorities.models import PriorityArea


class Topic(OrderedContent):
    slug = models.SlugField(
        _("kode"),
        unique=True,
        help_text=_("Fast kode for temaet i skjemaet. Kan ikke endres etterpå."),
    )
    label_nb, label_en = char_pair(_("tema"), max_length=120)
    label = Translated()
    priority_area = models.ForeignKey(
        PriorityArea,
        verbose_name=_("satsingsområde"),
        # Deleting an area is the priority pages' business: its topics are then counted
        # by their category alone.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics",
        help_text=_("Politirådets satsingsområde som temaet telles under i statistikken."),
    )
    category = models.CharField(
        _("kategori uten satsingsområde"),
        max_length=20,
        choices=[
            (Report.Category.RADICALISATION, Report.Category.RADICALISATION.label),
            (Report.Category.OTHER, Report.Category.OTHER.label),
        ],
        default=Report.Category.OTHER,
        help_text=_("Kategorien i statistikken når temaet ikke hører til et satsingsområde."),
    )
    duty_to_report = models.BooleanField(
        _("gjelder meldeplikten"),
        default=False,
        help_text=_(
            "For vold, overgrep og alvorlig omsorgssvikt: skjemaet minner offentlig ansatte som "
            "sender til SLT-koordinatoren om at meldeplikten til barnevernet er personlig."
        ),
    )

    class Meta(OrderedContent.Meta):
        verbose_name = _("tema i bekymringsskjemaet")
        verbose_name_plural = _("temaer i bekymringsskjemaet")
        constraints = [
            # The priority-area category comes from the area itself, never from this field.
            models.CheckConstraint(
                condition=Q(category__in=["radicalisation", "other"]),
                name="topic_category_without_area",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def report_category(self) -> str:
        """The category a report on this topic is counted under."""
        if self.priority_area_id:
            return Report.Category.PRIORITY_AREA
        return self.category
