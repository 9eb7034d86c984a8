"""The invitation link: a new staff member chooses a password, then sets up the second factor.

The link (/admin/invitasjon/?lenke=<token>) is checked against the token's digest and sends
the browser on at once to the same address without the token (the invitation is remembered
in the session), so that the token is not left in the address bar, the history or a
Referer. The token is in the query string, which gunicorn's access log and Django's request
log leave out (they record the path only). Opening the link changes nothing: mail scanners
that fetch links do no harm.
Choosing a valid password (Django's validators, in Norwegian) uses the link up, logs the
person in and sends them to the two-factor page, which, for an account without a confirmed
authenticator, shows the QR code to scan and then the recovery codes (slt_portal.two_factor).
A used, expired or unknown link says so and offers nothing.
"""

from django.contrib import admin
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from concerns.people import display_name
from slt_portal.models import StaffEvent, StaffInvite, invite_token_digest
from slt_portal.staff_accounts import LINK_PARAMETER, record
from slt_portal.staff_language import in_staff_language

SESSION_KEY = "staff_invite"


class InvitationPasswordForm(SetPasswordForm):
    """Django's form for a new password and its validators, in plain words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label = gettext_lazy("Velg et passord")
        first.help_text = gettext_lazy(
            "Minst 12 tegn. Flere ord etter hverandre er lett å huske og vanskelig å gjette. "
            "Passordet kan ikke være bare tall, et vanlig passord eller likne på navnet ditt."
        )
        second.label = gettext_lazy("Skriv passordet en gang til")
        second.help_text = gettext_lazy("Slik ser vi at det ble skrevet riktig.")


def _context(request, **extra):
    # Not logged in yet: no menu of what is inside the admin.
    return {
        **admin.site.each_context(request),
        "available_apps": [],
        "is_nav_sidebar_enabled": False,
        **extra,
    }


def _refused(request, invite):
    """A page that says why the link cannot be used, and offers nothing."""
    if invite is None:
        reason, status = (
            _(
                "Lenken er ikke gyldig. Sjekk at du har fått med hele lenken, eller be "
                "SLT-koordinatoren om en ny."
            ),
            404,
        )
    elif invite.is_used:
        reason, status = (
            _(
                "Lenken er allerede brukt, og kan bare brukes én gang. Har du valgt passord, "
                "logger du inn som vanlig. Ellers kan SLT-koordinatoren lage en ny lenke."
            ),
            410,
        )
    elif not invite.user.is_active:
        reason, status = (
            _("Kontoen er deaktivert. Ta kontakt med SLT-koordinatoren."),
            410,
        )
    else:
        reason, status = (
            _(
                "Lenken er utløpt, eller erstattet av en nyere lenke. Be SLT-koordinatoren om "
                "en ny lenke."
            ),
            410,
        )
    context = _context(request, title=_("Lenken kan ikke brukes"), reason=reason)
    return render(request, "admin/invitation_invalid.html", context, status=status)


@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
@in_staff_language
def invitation(request):
    """The link itself (with the token), or the page to choose a password (without)."""
    token = request.GET.get(LINK_PARAMETER)
    if token is not None:
        return _open(request, token)
    return _choose_password(request)


def _open(request, token):
    """Remember the invitation and go on to the password page."""
    invite = (
        StaffInvite.objects.select_related("user")
        .filter(token_digest=invite_token_digest(token))
        .first()
    )
    if invite is None or not invite.is_usable:
        request.session.pop(SESSION_KEY, None)
        return _refused(request, invite)
    request.session[SESSION_KEY] = invite.pk
    return redirect("staff_invitation")


def _choose_password(request):
    invite_pk = request.session.get(SESSION_KEY)
    invite = (
        StaffInvite.objects.select_related("user").filter(pk=invite_pk).first()
        if isinstance(invite_pk, int)
        else None
    )
    if invite is None or not invite.is_usable:
        request.session.pop(SESSION_KEY, None)
        return _refused(request, invite)
    person = invite.user
    context = _context(
        request,
        title=_("Velkommen til SLT-portalen"),
        name=display_name(person),
        username=person.get_username(),
    )
    if request.user.is_authenticated and request.user.pk != person.pk:
        # Most likely the coordinator trying the link: it is someone else's to use.
        context["someone_else"] = display_name(request.user)
        return render(request, "admin/invitation.html", context)

    form = InvitationPasswordForm(person, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # Locked, so that two posts of one link cannot both use it, and read afresh, so
            # that a deactivation a moment ago is not saved over.
            locked = (
                StaffInvite.objects.select_for_update().select_related("user").get(pk=invite.pk)
            )
            if not locked.is_usable:
                return _refused(request, locked)
            person = form.user = locked.user
            form.save()
            locked.used_at = timezone.now()
            locked.save(update_fields=["used_at"])
            record(StaffEvent.Kind.PASSWORD_SET, actor=person, subject=person)
        request.session.pop(SESSION_KEY, None)
        login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(f"{reverse('two_factor')}?next={reverse('admin:index')}")
    context["form"] = form
    return render(request, "admin/invitation.html", context)
