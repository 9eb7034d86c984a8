from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.content import OrderedContent
from core.translation import Translated, char_pair, text_pair
from levels.models import Unit


class Guide(OrderedContent):
    """An action guide (handlingsveileder): what to do, step by step, when worried about a child."""

    slug = models.SlugField(
        _("nettadresse"),
        unique=True,
        help_text=_(
            "Siste del av sidens nettadresse, for eksempel radikalisering i "
            "/handlingsveileder/radikalisering/. Bare små bokstaver, tall og bindestrek. Kan "
            "ikke endres etterpå."
        ),
    )
    title_nb, title_en = char_pair(_("tittel"))
    title = Translated()
    summary_nb, summary_en = text_pair(_("ingress"))
    summary = Translated()
    introduction_nb, introduction_en = text_pair(_("hvorfor dette er viktig"))
    introduction = Translated()
    signs_intro_nb, signs_intro_en = text_pair(_("innledning til bekymringstegnene"), blank=True)
    signs_intro = Translated()

    class Meta(OrderedContent.Meta):
        verbose_name = _("handlingsveileder")
        verbose_name_plural = _("handlingsveiledere")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guides:detail", kwargs={"slug": self.slug})


class GuideStep(OrderedContent):
    """One step of the action path, from a first concern to interdisciplinary follow-up."""

    class Scope(models.TextChoices):
        PERSONAL = "personal", _("Den enkelte")
        OWN_SERVICE = "own_service", _("Egen tjeneste")
        COOPERATION = "cooperation", _("Samarbeid mellom tjenester")
        INTERDISCIPLINARY = "interdisciplinary", _("Tverrfaglig innsats")

    guide = models.ForeignKey(
        Guide, verbose_name=_("veileder"), on_delete=models.CASCADE, related_name="steps"
    )
    title_nb, title_en = char_pair(_("tittel"))
    title = Translated()
    body_nb, body_en = text_pair(_("hva du gjør"))
    body = Translated()
    contact_note_nb, contact_note_en = text_pair(_("hvem du kontakter"), blank=True)
    contact_note = Translated()
    scope = models.CharField(_("hvem som er involvert"), max_length=20, choices=Scope.choices)
    contacts = models.ManyToManyField(
        Unit, verbose_name=_("kontakter"), related_name="guide_steps", blank=True
    )

    class Meta(OrderedContent.Meta):
        verbose_name = _("steg")
        verbose_name_plural = pgettext_lazy("plural", "steg")

    def __str__(self):
        return self.title


class WarningSignGroup(OrderedContent):
    guide = models.ForeignKey(
        Guide, verbose_name=_("veileder"), on_delete=models.CASCADE, related_name="sign_groups"
    )
    title_nb, title_en = char_pair(_("gruppe"))
    title = Translated()
    signs_nb, signs_en = text_pair(_("tegn"), help_text=_("Ett tegn per linje."))
    signs = Translated()

    class Meta(OrderedContent.Meta):
        verbose_name = _("gruppe av bekymringstegn")
        verbose_name_plural = _("grupper av bekymringstegn")

    def __str__(self):
        return self.title

    def sign_list(self):
        return [line.strip() for line in self.signs.splitlines() if line.strip()]
