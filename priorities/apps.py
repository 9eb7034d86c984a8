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
    # Written by the confidential side's count (concerns/statistics/areas.py), never edited:
    # it renews the pages, and the coordinator gets no permission on it (core/public.py).
    public_figures = ("AreaConcernCount",)
