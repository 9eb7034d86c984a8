from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.content import OrderedContent
from core.translation import Translated, char_pair, text_pair
from levels.models import Body


class PriorityArea(OrderedContent):
    """A satsingsområde that Politirådet has set for the SLT work with children and young people."""

    slug = models.SlugField(_("adresse (slug)"), unique=True)
    title_nb, title_en = char_pair(_("tittel"))
    title = Translated()
    summary_nb, summary_en = text_pair(_("sammendrag"))
    summary = Translated()
    description_nb, description_en = text_pair(_("beskrivelse"), blank=True)
    description = Translated()
    set_by = models.ForeignKey(
        Body,
        verbose_name=_("vedtatt av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="priority_areas",
    )
    since_year = models.PositiveSmallIntegerField(_("gjelder fra år"), null=True, blank=True)

    class Meta(OrderedContent.Meta):
        verbose_name = _("satsingsområde")
        verbose_name_plural = _("satsingsområder")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("priorities:detail", kwargs={"slug": self.slug})
