"""What each kind of staff account may do in the admin, as Django permissions.

The coordinator's content permissions are an allow-list: the models declared public
(core.public) and nothing else, so a new confidential model is never editable as
content by accident.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from concerns.models import StaffMember
from core.public import public_models

UNIT_STAFF = [
    ("concerns", "view_report"),
    ("concerns", "change_report"),
    # A concern taken by phone, letter or in a meeting, registered in the admin.
    ("concerns", "add_report"),
    # Their own unit's measures in the action plan: see them, add to their status log.
    ("priorities", "view_measure"),
    ("priorities", "view_measurestatus"),
    ("priorities", "add_measurestatus"),
]
COORDINATOR = [
    *UNIT_STAFF,
    ("concerns", "view_notification"),
    ("concerns", "change_notification"),
    ("concerns", "add_unitreporting"),
    ("concerns", "view_unitreporting"),
    ("concerns", "change_unitreporting"),
    # The topics of the concern form: confidential-side configuration, so not among the
    # public content below; never deleted, since reports keep pointing at them.
    ("concerns", "add_topic"),
    ("concerns", "view_topic"),
    ("concerns", "change_topic"),
]


def permissions_for(*, coordinator: bool) -> QuerySet[Permission]:
    wanted = COORDINATOR if coordinator else UNIT_STAFF
    query = Q()
    for app_label, codename in wanted:
        query |= Q(content_type__app_label=app_label, codename=codename)
    if coordinator:
        content_types = ContentType.objects.get_for_models(*public_models()).values()
        query |= Q(content_type__in=[content_type.pk for content_type in content_types])
    return Permission.objects.filter(query)


def is_coordinator(user) -> bool:
    membership = StaffMember.for_user(user)
    return membership is not None and membership.is_coordinator


def staff_permissions_sync(**kwargs) -> int:
    """Give every staff account exactly its role's permissions, as this code defines them.

    Connected to post_migrate (after auth has made the new models' permissions), so that a
    deploy that adds a model, or changes a role, reaches the accounts that already exist.
    """
    unit_staff = list(permissions_for(coordinator=False))
    coordinator = list(permissions_for(coordinator=True))
    members = StaffMember.objects.select_related("user")
    for member in members:
        member.user.user_permissions.set(coordinator if member.is_coordinator else unit_staff)
    return len(members)
