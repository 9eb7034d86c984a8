"""Setting up and using the staff's second factor: a TOTP app, with recovery codes.

The first time a staff user logs in without a confirmed authenticator, the page
shows a QR code to scan and asks for a code from the app; after the first
successful code the user gets ten single-use recovery codes, shown once.
"""

from base64 import b32encode

import segno
from django import forms
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
SHOW_CODES_SESSION_KEY = "recovery_codes_to_show"


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


def _issue_recovery_codes(request, user):
    if StaticDevice.objects.filter(user=user).exists():
        return
    device = StaticDevice.objects.create(user=user, name="Gjenopprettingskoder")
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    request.session[SHOW_CODES_SESSION_KEY] = codes


def _admin_context(request):
    # Not yet verified: the admin's menu of apps and models stays hidden too.
    return {
        **admin.site.each_context(request),
        "available_apps": [],
        "is_nav_sidebar_enabled": False,
    }


def totp_device_for(user):
    """The user's authenticator; unconfirmed until a code from it has been accepted once."""
    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Autentiseringsapp", confirmed=False)


@sensitive_post_parameters("token")
@never_cache
@login_required(login_url="admin:login")
def two_factor(request):
    user = request.user
    if not user.is_staff:
        raise PermissionDenied
    next_url = _next_url(request)
    codes = request.session.pop(SHOW_CODES_SESSION_KEY, None)
    if codes and user.is_verified():
        return render(
            request,
            "admin/two_factor_codes.html",
            {**_admin_context(request), "codes": codes, "next": next_url},
        )
    if user.is_verified():
        return redirect(next_url)

    device = totp_device_for(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if device.confirmed:
            verified = match_token(user, token)
        else:
            verified = device if device.verify_token(token) else None
            if verified:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
        if verified:
            otp_login(request, verified)
            _issue_recovery_codes(request, user)
            return redirect(f"{reverse('two_factor')}?next={next_url}")
        form.add_error("token", _("Koden stemmer ikke. Prøv igjen med en ny kode fra appen."))

    context = {
        **_admin_context(request),
        "title": _("Tofaktorinnlogging"),
        "form": form,
        "next": next_url,
        "setup": not device.confirmed,
    }
    if not device.confirmed:
        context["qr_svg"] = mark_safe(segno.make(device.config_url).svg_inline(scale=5))  # noqa: S308
        secret = b32encode(device.bin_key).decode()
        context["secret"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render(request, "admin/two_factor.html", context)
