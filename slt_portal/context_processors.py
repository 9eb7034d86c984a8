from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from levels.models import Municipality


def _other_language_url(request, language):
    url = translate_url(request.path, language)
    if url == request.path:
        # Paths that do not resolve (a 404) cannot be translated; offer the home page instead.
        return "/en/" if language == "en" else "/"
    return url


def site(request):
    current = get_language()
    other = "en" if current == "nb" else "nb"
    return {
        "municipality": SimpleLazyObject(Municipality.objects.first),
        "other_language": other,
        "other_language_url": SimpleLazyObject(lambda: _other_language_url(request, other)),
    }
