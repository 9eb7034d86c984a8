from priorities.models.areas import PriorityArea
from priorities.models.meetings import AgendaItem, Meeting
from priorities.models.plan import (
    Direction,
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureStatus,
    Plan,
    Source,
    Status,
)
from priorities.models.trends import AreaConcernCount

__all__ = [
    "AgendaItem",
    "AreaConcernCount",
    "Direction",
    "Goal",
    "Indicator",
    "IndicatorValue",
    "Measure",
    "MeasureStatus",
    "Meeting",
    "Plan",
    "PriorityArea",
    "Source",
    "Status",
]
