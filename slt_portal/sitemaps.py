from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from concerns.models import Guide
from levels.models import Body
from priorities.models import PriorityArea


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(BilingualSitemap):
    def items(self):
        return [
            "home",
            "levels:organisation",
            "priorities:list",
            "concerns:guides",
            "contact",
            "reports:form",
            "privacy",
            "accessibility",
        ]

    def location(self, item):
        return reverse(item)


class ContentSitemap(BilingualSitemap):
    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.published().order_by("position", "pk")


SITEMAPS = {
    "pages": StaticPagesSitemap(),
    "bodies": ContentSitemap(Body),
    "areas": ContentSitemap(PriorityArea),
    "guides": ContentSitemap(Guide),
}
