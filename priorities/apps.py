from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = _("Satsingsområder, handlingsplan og møter")
    # The status log and the measured values are shown publicly too: saving one renders
    # the pages afresh, and the coordinator edits them as content.
    public_models = (
        "PriorityArea",
        "Plan",
        "Goal",
        "Measure",
        "MeasureStatus",
        "Indicator",
        "IndicatorValue",
        "Meeting",
        "AgendaItem",
    )
