"""What the coordinator does to staff accounts, each in one transaction with its StaffEvent.

Adding someone makes the account without a password, with its role's permissions
(concerns.roles.permissions_for), and a one-time invitation link (StaffInvite) with which
the person chooses a password; the second factor is set up at that first login by the
two-factor page (slt_portal.two_factor), which shows the QR code to any account without a
confirmed authenticator. Resetting the second factor removes the authenticator and the
recovery codes and ends the person's sessions, so that they enrol again after the password.
"""

import logging
import secrets
import smtplib
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from concerns.models import StaffMember
from concerns.people import display_name
from concerns.roles import permissions_for
from levels.models import Unit
from slt_portal.models import (
    INVITE_LIFETIME,
    Authenticator,
    RecoveryCodes,
    StaffEvent,
    StaffInvite,
    invite_token_digest,
)

logger = logging.getLogger(__name__)
# The invitation link's query parameter (slt_portal.invitations).
LINK_PARAMETER = "lenke"


def invitation_url(token: str) -> str:
    """The link to hand over: the portal's address, and https whenever the portal is."""
    base = settings.SITE_URL
    if settings.HTTPS and base.startswith("http://"):
        base = "https://" + base.removeprefix("http://")
    query = urlencode({LINK_PARAMETER: token})
    return f"{base}{reverse('staff_invitation')}?{query}"


def _issue_invite(user: User, actor: User | None) -> tuple[StaffInvite, str]:
    """A new link for the user; the links made before it stop working."""
    now = timezone.now()
    StaffInvite.objects.filter(user=user).usable(now).update(expires_at=now)
    token = secrets.token_urlsafe(32)
    invite = StaffInvite.objects.create(
        user=user,
        token_digest=invite_token_digest(token),
        created_at=now,
        expires_at=now + INVITE_LIFETIME,
        created_by=actor,
    )
    return invite, token


def record(kind: str, *, actor: User | None, subject: User, detail: str = "") -> StaffEvent:
    return StaffEvent.objects.create(kind=kind, actor=actor, subject=subject, detail=detail)


def staff_invite(
    *,
    actor: User,
    first_name: str,
    last_name: str,
    email: str,
    unit: Unit,
    coordinator: bool,
) -> tuple[StaffMember, StaffInvite, str]:
    """A new staff account with no password, and the one-time link to hand over."""
    email = User.objects.normalize_email(email).lower()
    with transaction.atomic():
        user = User(
            username=email,
            email=email,
            first_name=first_name,
            last_name=last_name,
            is_staff=True,
            is_active=True,
        )
        user.set_unusable_password()
        user.save()
        user.user_permissions.set(permissions_for(coordinator=coordinator))
        member = StaffMember.objects.create(user=user, unit=unit, is_coordinator=coordinator)
        invite, token = _issue_invite(user, actor)
        role = _("SLT-koordinator") if coordinator else _("ansatt")
        record(
            StaffEvent.Kind.INVITED,
            actor=actor,
            subject=user,
            detail=_("%(role)s ved %(unit)s") % {"role": role, "unit": unit.name_nb},
        )
    return member, invite, token


def staff_new_link(*, actor: User, member: StaffMember) -> tuple[StaffInvite, str]:
    """A new link for someone who has not used theirs, or who has forgotten the password."""
    with transaction.atomic():
        invite, token = _issue_invite(member.user, actor)
        record(StaffEvent.Kind.NEW_LINK, actor=actor, subject=member.user)
    return invite, token


def send_invitation(*, actor: User, invite: StaffInvite, token: str) -> bool:
    """E-mail the link to the person; True if the mail server took it.

    Sent at once rather than by the task worker: the task's arguments are stored in the
    database, and the token must never be. The e-mail says nothing about reports.
    """
    user = invite.user
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "name": display_name(user),
            "username": user.get_username(),
            "url": invitation_url(token),
            "expires": formats.date_format(
                timezone.localtime(invite.expires_at), "DATETIME_FORMAT"
            ),
        }
        subject = _("Din konto i SLT-portalen for Kvæfjord kommune")
        body = render_to_string("admin/staff/invitation_email.txt", context)
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email]
    )
    try:
        message.send(using="default")
    except (smtplib.SMTPException, OSError) as error:
        # The coordinator still has the link on the page, to hand over themselves.
        logger.warning("invitation e-mail not sent: %s", type(error).__name__)
        return False
    record(
        StaffEvent.Kind.LINK_EMAILED,
        actor=actor,
        subject=user,
        detail=_("til %(email)s") % {"email": user.email},
    )
    return True


def end_sessions(user: User) -> int:
    """End every session the user is logged in with, at once; the number ended."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def staff_deactivate(*, actor: User, member: StaffMember) -> None:
    """No more logins; a session still open ends at its next request
    (StaffSessionTimeoutMiddleware), and an unused link stops working."""
    user = member.user
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        now = timezone.now()
        StaffInvite.objects.filter(user=user).usable(now).update(expires_at=now)
        record(StaffEvent.Kind.DEACTIVATED, actor=actor, subject=user)


def staff_reactivate(*, actor: User, member: StaffMember) -> None:
    """The same password and second factor work again."""
    user = member.user
    with transaction.atomic():
        user.is_active = True
        user.save(update_fields=["is_active"])
        record(StaffEvent.Kind.REACTIVATED, actor=actor, subject=user)


def staff_move(*, actor: User, member: StaffMember, unit: Unit) -> None:
    """The person sees the new unit's reports, and no longer the old one's, from their next
    request: who sees what is read from StaffMember on every request."""
    with transaction.atomic():
        locked = StaffMember.objects.select_for_update().select_related("unit").get(pk=member.pk)
        before = locked.unit
        locked.unit = unit
        locked.save(update_fields=["unit"])
        record(
            StaffEvent.Kind.MOVED,
            actor=actor,
            subject=locked.user,
            detail=_("fra %(before)s til %(after)s")
            % {"before": before.name_nb, "after": unit.name_nb},
        )
    member.unit = unit


def staff_reset_second_factor(*, actor: User, member: StaffMember) -> None:
    """Remove the lost authenticator and the recovery codes, and end the person's sessions:
    after the password, the two-factor page shows a new QR code to scan."""
    user = member.user
    with transaction.atomic():
        Authenticator.objects.filter(user=user).delete()
        RecoveryCodes.objects.filter(user=user).delete()
        end_sessions(user)
        record(StaffEvent.Kind.SECOND_FACTOR_RESET, actor=actor, subject=user)
