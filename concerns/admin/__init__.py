"""Case work in the Django admin. Importing the package registers every model admin."""

from concerns.admin.access_log import AccessLogAdmin
from concerns.admin.measures import MeasureForUnitsAdmin as MeasureForUnitsAdmin
from concerns.admin.outbox import NotificationAdmin
from concerns.admin.recipients import UnitWithReportingAdmin
from concerns.admin.reports import ReportAdmin
from concerns.admin.topics import TopicAdmin

__all__ = [
    "AccessLogAdmin",
    "NotificationAdmin",
    "ReportAdmin",
    "TopicAdmin",
    "UnitWithReportingAdmin",
]
