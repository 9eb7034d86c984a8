from concerns.models.guides import Guide, GuideStep, WarningSignGroup
from concerns.models.reports import Notification, Report, ReportEvent

__all__ = ["Guide", "GuideStep", "Notification", "Report", "ReportEvent", "WarningSignGroup"]
