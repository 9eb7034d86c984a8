"""Who may work reports: a staff login linked to one unit, and the coordinator's flag."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from levels.models import Unit


class StaffMember(models.Model):
    """Links a staff login to the unit whose concern reports it may see."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        on_delete=models.CASCADE,
        related_name="staff",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="staff"
    )
    is_coordinator = models.BooleanField(
        _("SLT-koordinator"),
        default=False,
        help_text=_("Ser alle meldinger og kan videresende dem til en annen enhet."),
    )

    class Meta:
        verbose_name = _("ansatt")
        verbose_name_plural = _("ansatte")

    def __str__(self):
        return f"{self.user} ({self.unit})"

    @classmethod
    def for_user(cls, user):
        """The user's membership, or None; looked up once per request's user object."""
        if not user.is_authenticated:
            return None
        if not hasattr(user, "_staff_membership"):
            user._staff_membership = cls.objects.filter(user=user).first()
        return user._staff_membership
