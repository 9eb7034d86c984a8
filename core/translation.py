"""Per-field English versions of content that fall back to Norwegian.

Each translatable text is two real columns, `<name>_nb` and `<name>_en`, and a
`Translated()` descriptor named `<name>` that reads the active language. We use
this instead of django-modeltranslation or django-parler: two languages only, no
patched managers, no extra table or query, and nothing that has to be ported
when Django moves on.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Translated:
    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if language != settings.LANGUAGE_CODE:
            value = getattr(instance, f"{self.name}_{language}", "")
            if value:
                return value
        return getattr(instance, f"{self.name}_{settings.LANGUAGE_CODE}")


def char_pair(label: str | Promise, *, max_length: int = 200, blank: bool = False):
    """A Norwegian column and its optional English version."""
    return (
        models.CharField(format_lazy(_("{} (norsk)"), label), max_length=max_length, blank=blank),
        models.CharField(
            format_lazy(_("{} (engelsk)"), label),
            max_length=max_length,
            blank=True,
            help_text=_("La stå tom for å vise den norske teksten på de engelske sidene."),
        ),
    )


def text_pair(label: str | Promise, *, blank: bool = False, help_text: Any = ""):
    return (
        models.TextField(format_lazy(_("{} (norsk)"), label), blank=blank, help_text=help_text),
        models.TextField(
            format_lazy(_("{} (engelsk)"), label),
            blank=True,
            help_text=_("La stå tom for å vise den norske teksten på de engelske sidene."),
        ),
    )
