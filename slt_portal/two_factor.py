"""Setting up and using the staff's second factor: a TOTP app, with recovery codes.

The first time a staff user logs in without a confirmed authenticator, the page
shows a QR code to scan and asks for a code from the app; after the first
successful code the user gets ten single-use recovery codes, shown once, in that
response: they are never stored anywhere but as keyed hashes (slt_portal.models).

Accepting the second factor gives the session a new key, as the password step does,
and the second factor holds only for the password it was given with: after a password
change the admin asks for a code again (OTPMiddleware below).
"""

from base64 import b32encode

import segno
from django import forms
from django.contrib import admin
from django.contrib.auth import HASH_SESSION_KEY
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.middleware import OTPMiddleware as BaseOTPMiddleware

from slt_portal.models import Authenticator, RecoveryCodes, new_recovery_code
from slt_portal.staff_language import in_staff_language

RECOVERY_CODES = 10
# The password (as Django's session hash of it) the second factor was accepted with.
VERIFIED_WITH_SESSION_KEY = "otp_verified_with"
QR_CODE_LABEL = _("QR-kode å skanne med autentiseringsappen")


class OTPMiddleware(BaseOTPMiddleware):
    """django-otp's middleware, except that a second factor ends when the password changes.

    Django's password change keeps the session logged in with a new session hash
    (update_session_auth_hash); the device accepted with the old password no longer counts.
    """

    @staticmethod
    def _finalize_device(request, user, device):
        device = BaseOTPMiddleware._finalize_device(request, user, device)
        if device is None:
            return None
        session = request.session
        password = session.get(HASH_SESSION_KEY)
        # A session verified before this check existed is bound to its current password.
        verified_with = session.setdefault(VERIFIED_WITH_SESSION_KEY, password)
        if verified_with != password:
            del session[DEVICE_ID_SESSION_KEY]
            del session[VERIFIED_WITH_SESSION_KEY]
            return None
        return device


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Engangskode"),
        max_length=16,
        help_text=_("Koden fra autentiseringsappen, eller en av gjenopprettingskodene dine."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "")


def _next_url(request):
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("admin:index")


def _issue_recovery_codes(user):
    """Ten new codes if the user has never had any, to show once; they are stored hashed."""
    if RecoveryCodes.objects.filter(user=user).exists():
        return []
    device = RecoveryCodes.objects.create(user=user, name="Gjenopprettingskoder")
    codes = [new_recovery_code() for _ in range(RECOVERY_CODES)]
    device.add_codes(codes)
    return codes


def _admin_context(request):
    # Not yet verified: the admin's menu of apps and models stays hidden too.
    return {
        **admin.site.each_context(request),
        "available_apps": [],
        "is_nav_sidebar_enabled": False,
    }


def totp_device_for(user):
    """The user's authenticator; unconfirmed until a code from it has been accepted once."""
    device = Authenticator.objects.filter(user=user).order_by("-confirmed", "pk").first()
    return device or Authenticator.objects.create(
        user=user, name="Autentiseringsapp", confirmed=False
    )


def _verify(user, device, token):
    """The device that accepts the token: the authenticator, or once set up a recovery code."""
    with transaction.atomic():
        # Locked, so that one code or recovery code is never accepted twice at once.
        authenticator = Authenticator.objects.select_for_update().get(pk=device.pk)
        if authenticator.verify_token(token):
            if not authenticator.confirmed:
                authenticator.confirmed = True
                authenticator.save(update_fields=["confirmed"])
            return authenticator
        if not authenticator.confirmed:
            return None
        for codes in RecoveryCodes.objects.select_for_update().filter(user=user, confirmed=True):
            if codes.verify_token(token):
                return codes
    return None


def accept_second_factor(request, device):
    """Mark the session verified by `device`, under a new session key."""
    otp_login(request, device)
    request.session[VERIFIED_WITH_SESSION_KEY] = request.session.get(HASH_SESSION_KEY)
    # As login() does for the password: a session key seen before this point is worth nothing.
    request.session.cycle_key()


@sensitive_post_parameters("token")
@never_cache
@in_staff_language
@login_required(login_url="admin:login")
def two_factor(request):
    user = request.user
    if not user.is_staff:
        raise PermissionDenied
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)

    device = totp_device_for(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verified = _verify(user, device, form.cleaned_data["token"])
        if verified:
            accept_second_factor(request, verified)
            codes = _issue_recovery_codes(user)
            if not codes:
                return redirect(next_url)
            # Shown in this response only: the codes are never stored readable, not even
            # in the session for a redirect.
            return render(
                request,
                "admin/two_factor_codes.html",
                {**_admin_context(request), "codes": codes, "next": next_url},
            )
        form.add_error("token", _("Koden stemmer ikke. Prøv igjen med en ny kode fra appen."))

    context = {
        **_admin_context(request),
        "title": _("Tofaktorinnlogging"),
        "form": form,
        "next": next_url,
        "setup": not device.confirmed,
    }
    if not device.confirmed:
        svg = segno.make(device.config_url).svg_inline(scale=5, title=str(QR_CODE_LABEL))
        # An image with its name, for screen readers; the key under it says the same in text.
        context["qr_svg"] = mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308
        secret = b32encode(device.bin_key).decode()
        context["secret"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render(request, "admin/two_factor.html", context)
