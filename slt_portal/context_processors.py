from django.urls import reverse, translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from levels.models import Municipality


def _other_language_url(request, language):
    url = translate_url(request.path, language)
    if url == request.path:
        # Paths that do not resolve (a 404) cannot be translated; offer the home page instead.
        return "/en/" if language == "en" else "/"
    return url


NAVIGATION = [
    ("levels:organisation", _("Organisering")),
    ("priorities:list", _("Satsingsområder")),
    ("plan:current", _("Handlingsplan")),
    ("guides:list", _("Handlingsveileder")),
    ("contact", _("Kontakt")),
    ("reports:form", _("Meld bekymring")),
]


def navigation(request):
    # Built here rather than by an include per link: the menu is on every page.
    return [
        {"url": url, "label": label, "current": url == request.path}
        for url, label in ((reverse(name), label) for name, label in NAVIGATION)
    ]


def site(request):
    current = get_language()
    other = "en" if current == "nb" else "nb"
    return {
        "municipality": SimpleLazyObject(Municipality.objects.first),
        "other_language": other,
        "other_language_url": SimpleLazyObject(lambda: _other_language_url(request, other)),
        "navigation": SimpleLazyObject(lambda: navigation(request)),
    }
