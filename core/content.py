"""What every piece of public content has: an explicit position and a published flag."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class OrderedContent(models.Model):
    position = models.PositiveIntegerField(
        _("rekkefølge"), default=0, help_text=_("Lavere tall vises først.")
    )
    published = models.BooleanField(
        _("publisert"), default=True, help_text=_("Upubliserte elementer vises ikke for publikum.")
    )

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "pk"]
