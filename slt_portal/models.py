"""The staff's second factor, with no secret readable in the database, the lockout list, and
the staff accounts the coordinator manages: their invitation links and their event log.

An authenticator's TOTP seed is an encrypted field (the report fields' keys, re-encrypted by
`manage.py rotate_field_keys`). Recovery codes are kept only as HMAC-SHA256 digests, keyed
with a random key per user that is itself an encrypted field: a copy of the database alone
gives neither a seed nor a code, and rotating the field keys leaves the codes valid.
django-otp finds these devices through the app registry, so `user.is_verified()` and its
middleware work with them as with its own plugins.

An invitation link's token is kept only as its SHA-256 digest (StaffInvite): the token is
256 random bits, so an unkeyed digest cannot be reversed or guessed, and a copy of the
database opens no account.
"""

import hashlib
import hmac
import secrets
import time
from base64 import b32encode
from binascii import unhexlify
from datetime import timedelta
from urllib.parse import quote, urlencode

from axes.models import AccessFailureLog
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP
from django_otp.util import hex_validator, random_hex

from concerns.encryption import EncryptedTextField
from concerns.models import StaffMember


def new_totp_key():
    return random_hex(20)


def hex_key_validator(value):
    return hex_validator()(value)


def new_hash_key():
    return secrets.token_hex(32)


def new_recovery_code():
    """Eight characters a-z and 2-7, as django-otp's static tokens, which existing users hold."""
    return b32encode(secrets.token_bytes(5)).decode().lower()


def normalize_code(code):
    return "".join(code.split()).lower()


def recovery_code_digest(hash_key, code):
    """The stored form of a recovery code: keyed, so a leaked table cannot be brute-forced."""
    message = normalize_code(code).encode()
    return hmac.new(unhexlify(hash_key), message, hashlib.sha256).hexdigest()


class Authenticator(TimestampMixin, ThrottlingMixin, Device):
    """A TOTP authenticator app, as django-otp's TOTPDevice but with the seed encrypted."""

    key = EncryptedTextField(validators=[hex_key_validator], default=new_totp_key)
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    # The time step of the last accepted code: a code is accepted once only.
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = _("autentiseringsapp")
        verbose_name_plural = _("autentiseringsapper")

    @property
    def bin_key(self):
        return unhexlify(self.key.encode())

    def get_throttle_factor(self):
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)

    def verify_token(self, token):
        verify_allowed, _reason = self.verify_is_allowed()
        if not verify_allowed:
            return False
        try:
            code = int(token)
        except ValueError:
            verified = False
        else:
            totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
            totp.time = time.time()
            verified = totp.verify(code, self.tolerance, self.last_t + 1)
            if verified:
                self.last_t = totp.t()
                if getattr(settings, "OTP_TOTP_SYNC", True):
                    self.drift = totp.drift
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
        if not verified:
            self.throttle_increment(commit=True)
        return verified

    @property
    def config_url(self):
        """The otpauth:// URI an authenticator app reads from the QR code."""
        issuer = getattr(settings, "OTP_TOTP_ISSUER", "").replace(":", "")
        label = str(self.user.get_username())
        params = urlencode(
            {
                "secret": b32encode(self.bin_key),
                "algorithm": "SHA1",
                "digits": self.digits,
                "period": self.step,
            }
        )
        if issuer:
            label = f"{issuer}:{label}"
            params += f"&issuer={quote(issuer)}"
        return f"otpauth://totp/{quote(label)}?{params}"


class RecoveryCodes(TimestampMixin, ThrottlingMixin, Device):
    """A user's single-use recovery codes; each is removed when it is used."""

    hash_key = EncryptedTextField(default=new_hash_key)

    class Meta(Device.Meta):
        verbose_name = _("gjenopprettingskoder")
        verbose_name_plural = _("gjenopprettingskoder")

    def get_throttle_factor(self):
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def add_codes(self, codes):
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=self, digest=recovery_code_digest(self.hash_key, code))
            for code in codes
        )

    def verify_token(self, token):
        verify_allowed, _reason = self.verify_is_allowed()
        if not verify_allowed:
            return False
        deleted, _rows = self.codes.filter(
            digest=recovery_code_digest(self.hash_key, token)
        ).delete()
        if deleted:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
        else:
            self.throttle_increment()
        return bool(deleted)


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodes, related_name="codes", on_delete=models.CASCADE)
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["device", "digest"], name="one_digest_per_device")
        ]

    def __str__(self):
        return str(self.device)


class LoginLockout(AccessFailureLog):
    """The failed logins that started a lockout (django-axes's failure log), for the coordinator."""

    class Meta:
        proxy = True
        verbose_name = _("innloggingssperre")
        verbose_name_plural = _("innloggingssperrer")


# How long an invitation link can be used: long enough to reach someone over a weekend.
INVITE_LIFETIME = timedelta(hours=72)


def invite_token_digest(token: str) -> str:
    """The stored form of an invitation token (256 random bits, so no key is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


class StaffAccount(StaffMember):
    """A staff member as the coordinator manages them in the admin (slt_portal.staff_admin)."""

    class Meta:
        proxy = True
        verbose_name = _("ansatt")
        verbose_name_plural = _("ansatte")


class StaffInviteQuerySet(models.QuerySet):
    def usable(self, now=None):
        return self.filter(used_at=None, expires_at__gt=now or timezone.now())


class StaffInvite(models.Model):
    """A one-time link with which a staff member chooses their password.

    Made when the coordinator adds someone, or asks for a new link; a new link ends the
    ones before it. The token itself is shown once, to the coordinator, and never stored.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        on_delete=models.CASCADE,
        related_name="staff_invites",
    )
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("laget"), default=timezone.now)
    expires_at = models.DateTimeField(_("gjelder til"))
    used_at = models.DateTimeField(_("brukt"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("laget av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = StaffInviteQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitasjonslenke")
        verbose_name_plural = _("invitasjonslenker")

    def __str__(self):
        return str(self.user)

    @property
    def is_used(self) -> bool:
        return self.used_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_used and not self.is_expired and self.user.is_active


class StaffEvent(models.Model):
    """One act on a staff account, for the coordinator's access log. Rows are only added."""

    class Kind(models.TextChoices):
        INVITED = "invited", _("lagt til, med invitasjonslenke")
        CREATED = "created", _("lagt til på kommandolinjen")
        NEW_LINK = "new_link", _("ny invitasjonslenke")
        LINK_EMAILED = "link_emailed", _("lenken sendt på e-post")
        PASSWORD_SET = "password_set", _("valgte passord med lenken")
        DEACTIVATED = "deactivated", _("deaktivert")
        REACTIVATED = "reactivated", _("aktivert igjen")
        MOVED = "moved", _("flyttet til en annen enhet")
        SECOND_FACTOR_RESET = "second_factor_reset", _("tofaktorinnlogging nullstilt")

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    kind = models.CharField(_("hva"), max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utført av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gjelder"),
        on_delete=models.PROTECT,
        related_name="staff_events",
    )
    detail = models.CharField(_("detaljer"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("hendelse for ansatt")
        verbose_name_plural = _("hendelser for ansatte")
        ordering = ["-at", "-pk"]
        indexes = [
            # The list, newest first.
            models.Index(fields=["-at", "-id"], name="staffevent_at"),
            # One person's events, newest first (the staff member's page).
            models.Index(fields=["subject", "-at"], name="staffevent_subject_at"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"
