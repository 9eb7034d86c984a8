from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LevelsConfig(AppConfig):
    name = "levels"
    verbose_name = _("Organisering og kontakter")
    public_models = (
        "Municipality",
        "Level",
        "Unit",
        "Body",
        "Member",
        "Resource",
        "EmergencyNumber",
    )
