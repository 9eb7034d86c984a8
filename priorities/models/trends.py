"""The number of concerns reported in a priority area each year, as published figures.

The public side never reads the confidential report table: the case-work side
(`concerns`) counts the reports of each finished year once, hides small counts as its
statistics do, and writes the result here. The pages of an area and the annual report
then show these rows beside the measures. A year's row is written once, after the year
has ended, and is not recounted: a figure Politirådet has seen must not change when a
report is later corrected or its topic filed under another area. There are no counts
of a year in progress, which would let a sender watch their own report arrive.

The rows are written in bulk, which sends no post_save: bulk_create here tells the page
cache itself (core.public.written_in_bulk), so a page shows a new year at once.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.public import written_in_bulk
from priorities.models.areas import PriorityArea
from priorities.models.plan import YEARS

# The years an area's page shows.
YEARS_SHOWN = 10


class AreaConcernCountQuerySet(models.QuerySet):
    def for_years(self, first: int, last: int) -> "AreaConcernCountQuerySet":
        return self.filter(year__gte=first, year__lte=last)

    def last_years(self, years=YEARS_SHOWN):
        """The latest `years` rows as a list, oldest first, in one query."""
        return list(self.order_by("-year")[:years])[::-1]

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        written_in_bulk.send(sender=self.model, using=self.db)
        return created


class AreaConcernCount(models.Model):
    area = models.ForeignKey(
        PriorityArea,
        verbose_name=_("satsingsområde"),
        on_delete=models.CASCADE,
        related_name="concern_counts",
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEARS)
    count = models.PositiveIntegerField(
        _("antall bekymringsmeldinger"),
        null=True,
        blank=True,
        help_text=_("Tomt når tallet er skjult fordi det er for lite til å vises."),
    )
    counted_at = models.DateTimeField(_("telt"), auto_now_add=True)

    objects = AreaConcernCountQuerySet.as_manager()

    class Meta:
        ordering = ["area", "year"]
        verbose_name = _("antall bekymringer i et satsingsområde")
        verbose_name_plural = _("antall bekymringer per satsingsområde og år")
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="one_count_per_area_and_year"),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.year}"

    @property
    def hidden(self) -> bool:
        return self.count is None
