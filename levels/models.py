from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.content import OrderedContent
from core.translation import Translated, char_pair, text_pair


class Municipality(models.Model):
    """The municipality this deployment serves: its switchboard and the texts framing SLT work.

    There is exactly one row; it is created by the initial-content migration and
    the admin neither adds nor deletes it.
    """

    name = models.CharField(_("navn"), max_length=100)
    number = models.CharField(_("kommunenummer"), max_length=4)
    phone = models.CharField(_("sentralbord"), max_length=30)
    email = models.EmailField(_("e-post (postmottak)"))
    address = models.CharField(_("postadresse"), max_length=200, blank=True)
    website = models.URLField(_("nettsted"), blank=True)
    goal_nb, goal_en = text_pair(_("mål for SLT-arbeidet"))
    goal = Translated()
    help_intro_nb, help_intro_en = text_pair(_("hvem kan man kontakte"))
    help_intro = Translated()
    organisation_intro_nb, organisation_intro_en = text_pair(_("innledning om organiseringen"))
    organisation_intro = Translated()
    coordinator_role_nb, coordinator_role_en = text_pair(_("SLT-koordinatorens rolle"))
    coordinator_role = Translated()

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommune")

    def __str__(self):
        return self.name


class Level(models.Model):
    """One of the three levels of SLT work: steering, coordinating, executing."""

    position = models.PositiveSmallIntegerField(_("nivå"), unique=True)
    slug = models.SlugField(
        _("nettadresse"),
        unique=True,
        help_text=_("Brukes i lenker til nivået. Kan ikke endres."),
    )
    name_nb, name_en = char_pair(_("navn"))
    name = Translated()
    summary_nb, summary_en = text_pair(_("hva skjer på dette nivået"))
    summary = Translated()

    class Meta:
        ordering = ["position"]
        verbose_name = _("nivå")
        verbose_name_plural = _("nivåer")
        constraints = [
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=3), name="level_position_1_to_3"
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.name}"


class Unit(OrderedContent):
    """A municipal unit or partner that people can contact."""

    class Kind(models.TextChoices):
        COORDINATOR = "coordinator", _("SLT-koordinator")
        SCHOOL = "school", _("Skole")
        HEALTH_STATION = "health_station", _("Helsestasjon")
        CHILD_WELFARE = "child_welfare", _("Barnevern")
        POLICE = "police", _("Politi")
        OTHER = "other", _("Annen enhet")

    slug = models.SlugField(
        _("nettadresse"),
        unique=True,
        help_text=_(
            "Siste del av lenken til enheten på kontaktsiden, for eksempel borkenes-skole i "
            "/kontakt/#borkenes-skole. Bare små bokstaver, tall og bindestrek. Kan ikke endres "
            "etterpå."
        ),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    level = models.ForeignKey(
        Level,
        verbose_name=_("nivå"),
        on_delete=models.PROTECT,
        related_name="units",
        null=True,
        blank=True,
        help_text=_("Nivået enheten arbeider på. SLT-koordinatoren står utenfor nivåene."),
    )
    municipal = models.BooleanField(
        _("kommunal enhet"), default=True, help_text=_("Av for samarbeidspartnere som politiet.")
    )
    name_nb, name_en = char_pair(_("navn"))
    name = Translated()
    when_to_contact_nb, when_to_contact_en = text_pair(_("når du bør kontakte oss"))
    when_to_contact = Translated()
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    address = models.CharField(_("besøksadresse"), max_length=200, blank=True)
    website = models.URLField(_("nettside"), blank=True)

    class Meta(OrderedContent.Meta):
        verbose_name = _("enhet eller samarbeidspartner")
        verbose_name_plural = _("enheter og samarbeidspartnere")
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind="coordinator"),
                name="one_coordinator_unit",
                violation_error_message=_("Det kan bare finnes én SLT-koordinator."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_coordinator(self):
        return self.kind == self.Kind.COORDINATOR


class Body(OrderedContent):
    """A standing body at one level, such as Politirådet or Forebyggende forum."""

    level = models.ForeignKey(
        Level, verbose_name=_("nivå"), on_delete=models.PROTECT, related_name="bodies"
    )
    slug = models.SlugField(
        _("nettadresse"),
        unique=True,
        help_text=_(
            "Siste del av sidens nettadresse, for eksempel politiradet i "
            "/organisering/politiradet/. Bare små bokstaver, tall og bindestrek. Kan ikke "
            "endres etterpå."
        ),
    )
    name_nb, name_en = char_pair(_("navn"))
    name = Translated()
    summary_nb, summary_en = text_pair(_("kort beskrivelse"))
    summary = Translated()
    mandate_nb, mandate_en = text_pair(_("mandat"))
    mandate = Translated()

    class Meta(OrderedContent.Meta):
        verbose_name = _("organ")
        verbose_name_plural = _("organer")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("bodies:detail", kwargs={"slug": self.slug})


class Member(models.Model):
    """A seat in a body. A person's name is optional: the role is what the public needs."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    position = models.PositiveIntegerField(_("rekkefølge"), default=0)
    role_nb, role_en = char_pair(_("rolle"))
    role = Translated()
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("enhet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seats",
    )
    person = models.CharField(_("navn på person"), max_length=200, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("medlem")
        verbose_name_plural = _("medlemmer")

    def __str__(self):
        return self.role


class Resource(OrderedContent):
    """A national resource worth pointing people to, such as kriminalitetsforebygging.no."""

    name_nb, name_en = char_pair(_("navn"))
    name = Translated()
    url = models.URLField(_("adresse"))
    description_nb, description_en = text_pair(_("beskrivelse"))
    description = Translated()

    class Meta(OrderedContent.Meta):
        verbose_name = _("ressurs")
        verbose_name_plural = _("ressurser")

    def __str__(self):
        return self.name


class EmergencyNumber(OrderedContent):
    number = models.CharField(_("nummer"), max_length=20)
    label_nb, label_en = char_pair(_("tjeneste"))
    label = Translated()
    description_nb, description_en = char_pair(_("når"), max_length=300, blank=True)
    description = Translated()

    class Meta(OrderedContent.Meta):
        verbose_name = _("nødnummer")
        verbose_name_plural = _("nødnumre")

    def __str__(self):
        return f"{self.number} {self.label}"

    @property
    def dial(self):
        return "".join(ch for ch in self.number if ch.isdigit())
