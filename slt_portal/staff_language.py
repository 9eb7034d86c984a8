"""The language of the pages staff work in: Norwegian, unless they have chosen English.

The public site takes its language from the address (/en/…). The admin's addresses have no
language in them, and Django's LocaleMiddleware gives every address outside i18n_patterns
the default language, so the browser's Accept-Language never decides it: a browser set to
English still gets the Norwegian admin, which is what staff are trained on and what their
colleagues and the coordinator see. A staff member who prefers English chooses it with the
button in the admin's header or on the login page (SltAdminSite.set_language); the choice
is a cookie for the admin's addresses only, kept for a year, and nothing else reads it.
"""

from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.utils import translation

COOKIE = "admin_language"
COOKIE_AGE = timedelta(days=365)


def staff_language(request) -> str:
    """The language the staff member chose, or Norwegian: never the browser's own setting."""
    chosen = request.COOKIES.get(COOKIE)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def use_staff_language(request) -> None:
    language = staff_language(request)
    translation.activate(language)
    request.LANGUAGE_CODE = language


def in_staff_language(view):
    """Run a staff page that is not behind the admin site's own wrapper in the staff's language."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        use_staff_language(request)
        return view(request, *args, **kwargs)

    return wrapper
