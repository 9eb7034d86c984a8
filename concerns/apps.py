from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ConcernsConfig(AppConfig):
    name = "concerns"
    verbose_name = _("Bekymringsmeldinger")

    def ready(self):
        # Models are loaded only now, so the tasks (which use them) are imported here.
        from concerns.roles import staff_permissions_sync
        from concerns.statistics.tasks import start_counting
        from concerns.tasks import start_repeating_tasks

        post_migrate.connect(start_repeating_tasks, sender=self)
        # The statistics' own chain: concerns.tasks may not import the statistics.
        post_migrate.connect(start_counting, sender=self)
        post_migrate.connect(staff_permissions_sync, sender=self)
