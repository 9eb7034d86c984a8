from concerns.models.recipients import UnitReporting
from concerns.models.reports import Notification, Report, ReportEvent
from concerns.models.staff import StaffMember

__all__ = ["Notification", "Report", "ReportEvent", "StaffMember", "UnitReporting"]
