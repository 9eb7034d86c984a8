from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from core.public import public_models, public_routes


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(BilingualSitemap):
    """The public pages without a slug, as declared with core.public.public_page."""

    def items(self):
        return [
            route.name
            for route in public_routes()
            if route.page.in_sitemap and not route.takes_arguments
        ]

    def location(self, item):
        return reverse(item)


class ContentSitemap(BilingualSitemap):
    def __init__(self, model):
        self.model = model

    def items(self):
        # The model's own order (position for most content, dates for plans and meetings).
        return self.model.objects.published()


def sitemaps():
    """One sitemap for the fixed pages, one per public content model that has a page."""
    found: dict[str, Sitemap] = {"pages": StaticPagesSitemap()}
    for model in public_models():
        if hasattr(model, "get_absolute_url"):
            found[model._meta.label_lower] = ContentSitemap(model)
    return found
