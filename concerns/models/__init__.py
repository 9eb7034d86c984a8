from concerns.models.recipients import UnitReporting
from concerns.models.reports import Notification, Report, ReportEvent
from concerns.models.staff import StaffMember
from concerns.models.topics import Topic
from concerns.models.worker import WorkerHeartbeat

__all__ = [
    "Notification",
    "Report",
    "ReportEvent",
    "StaffMember",
    "Topic",
    "UnitReporting",
    "WorkerHeartbeat",
]
