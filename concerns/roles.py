"""What each kind of staff account may do in the admin, as Django permissions."""

from django.contrib.auth.models import Permission

from levels.models import StaffMember

UNIT_STAFF = [
    ("concerns", "view_report"),
    ("concerns", "change_report"),
]
COORDINATOR = [
    *UNIT_STAFF,
    ("concerns", "view_notification"),
    ("concerns", "change_notification"),
]
CONTENT_APPS = ["levels", "priorities", "concerns"]
CONTENT_MODELS_EXCLUDED = {"report", "reportevent", "notification", "staffmember"}


def permissions_for(*, coordinator):
    wanted = COORDINATOR if coordinator else UNIT_STAFF
    query = Permission.objects.none()
    for app_label, codename in wanted:
        query |= Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    if coordinator:
        query |= Permission.objects.filter(content_type__app_label__in=CONTENT_APPS).exclude(
            content_type__model__in=CONTENT_MODELS_EXCLUDED
        )
    return query


def is_coordinator(user):
    membership = StaffMember.for_user(user)
    return membership is not None and membership.is_coordinator
