"""The desk: the first page after login, what needs doing in the user's unit.

Unit staff see their own unit; the coordinator sees every unit, or one chosen with the
unit links. Each count links to the report list with the filter that gives exactly those
reports (concerns/admin/reports.py), and counts and list are the same queryset methods
(concerns/models/reports.py).

The counts are a fixed number of queries whatever the number of reports: one aggregate
with a conditional COUNT per figure over the open reports (status IN the open statuses,
which the status index serves), one COUNT of the reports with a new message from the
sender (open or closed: a closed report takes messages too), and for the coordinator one
COUNT of the reports with a failed notification and one read of the units for the filter.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from concerns.admin.reports import (
    ICON_OVERDUE,
    FailedNotificationFilter,
    OverdueFilter,
    WaitingFilter,
)
from concerns.models import Notification, Report, StaffMember
from concerns.models.deadlines import DUE_SOON_DAYS, OPEN_STATUSES, due_soon, overdue
from concerns.models.reports import waiting_for_sender, with_failed_notification
from levels.models import Unit

# The desk's own GET parameter for the coordinator's choice of unit.
UNIT_PARAMETER = "enhet"
RECIPIENT_FILTER = "recipient__id__exact"


@dataclass(frozen=True)
class DeskCount:
    key: str
    label: Promise | str
    count: int
    url: str
    # Overdue and failed are marked with an icon and a word, not a colour alone.
    alert: bool = False


@dataclass(frozen=True)
class UnitChoice:
    label: str
    url: str
    current: bool


def _list_url(params: dict[str, object]) -> str:
    base = reverse("admin:concerns_report_changelist")
    return f"{base}?{urlencode(params)}" if params else base


def _chosen_unit(request, units: list[Unit]) -> Unit | None:
    wanted = request.GET.get(UNIT_PARAMETER, "")
    return next((unit for unit in units if str(unit.pk) == wanted), None)


def desk_context(request) -> dict[str, object]:
    """What templates/admin/desk.html shows."""
    membership = StaffMember.for_user(request.user)
    if membership is None:
        # An account not linked to a unit sees no report at all, and is told why.
        return {"desk": None}
    coordinator = membership.is_coordinator
    reports = Report.objects.visible_to(request.user)
    units: list[Unit] = []
    unit: Unit | None = membership.unit if not coordinator else None
    if coordinator:
        units = list(
            Unit.objects.filter(reporting__receives_reports=True)
            .order_by("position", "pk")
            .only("pk", "name_nb", "name_en")
        )
        unit = _chosen_unit(request, units)
        if unit is not None:
            reports = reports.filter(recipient_id=unit.pk)
    today = timezone.localdate()
    figures = (
        reports.filter(status__in=OPEN_STATUSES)
        .order_by()
        .aggregate(
            new=Count("pk", filter=Q(status=Report.Status.NEW)),
            waiting=Count("pk", filter=waiting_for_sender()),
            soon=Count("pk", filter=due_soon(today)),
            overdue=Count("pk", filter=overdue(today)),
        )
    )
    figures["from_sender"] = reports.filter(new_from_sender=True).order_by().count()
    if coordinator:
        figures["failed"] = reports.filter(with_failed_notification()).order_by().count()
    scope = {RECIPIENT_FILTER: unit.pk} if coordinator and unit is not None else {}

    def link(**params):
        return _list_url({**params, **scope})

    counts = [
        DeskCount("new", _("Nye meldinger"), figures["new"], link(status__exact=Report.Status.NEW)),
        DeskCount(
            "from_sender",
            _("Ny melding fra avsender"),
            figures["from_sender"],
            link(new_from_sender__exact=1),
        ),
        DeskCount(
            "waiting",
            _("Venter på svar fra avsender"),
            figures["waiting"],
            link(**{WaitingFilter.parameter_name: WaitingFilter.SENDER}),
        ),
        DeskCount(
            "soon",
            _("Frist innen %(days)s dager") % {"days": DUE_SOON_DAYS},
            figures["soon"],
            link(**{OverdueFilter.parameter_name: OverdueFilter.SOON}),
        ),
        DeskCount(
            "overdue",
            _("Over fristen"),
            figures["overdue"],
            link(**{OverdueFilter.parameter_name: OverdueFilter.OVERDUE}),
            alert=True,
        ),
    ]
    if coordinator:
        counts.append(
            DeskCount(
                "failed",
                _("Varsler som ikke ble sendt"),
                figures["failed"],
                link(**{FailedNotificationFilter.parameter_name: FailedNotificationFilter.FAILED}),
                alert=True,
            )
        )
    index = reverse("admin:index")
    choices = [UnitChoice(str(_("Alle enheter")), index, unit is None)] + [
        UnitChoice(str(choice), f"{index}?{urlencode({UNIT_PARAMETER: choice.pk})}", choice == unit)
        for choice in units
    ]
    return {
        "desk": {
            "coordinator": coordinator,
            "unit": unit,
            "counts": counts,
            "units": choices if coordinator else [],
            "all_reports": link(),
            "outbox_failed": (
                reverse("admin:concerns_notification_changelist")
                + f"?status__exact={Notification.Status.FAILED}"
                if coordinator
                else ""
            ),
            "today": today,
            "icon": ICON_OVERDUE,
        }
    }
