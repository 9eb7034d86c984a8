"""When the task worker was last seen, so that a stopped worker shows up in /healthz."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One row per kind of beat; the sweep, which runs every NOTIFICATION_SWEEP_SECONDS,
    writes the worker's."""

    name = models.CharField(_("navn"), max_length=40, unique=True)
    seen_at = models.DateTimeField(_("sist sett"), default=timezone.now)

    class Meta:
        verbose_name = _("livstegn fra oppgavekjøreren")
        verbose_name_plural = _("livstegn fra oppgavekjøreren")

    def __str__(self):
        return self.name

    @classmethod
    def beat(cls, name: str = "worker") -> None:
        cls.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})
