from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def start_repeating_tasks(sender, **kwargs):
    from concerns.tasks import REPEATING, schedule

    for repeating_task in REPEATING:
        schedule(repeating_task)


class ConcernsConfig(AppConfig):
    name = "concerns"
    verbose_name = _("Bekymring og handlingsveiledere")

    def ready(self):
        post_migrate.connect(start_repeating_tasks, sender=self)
