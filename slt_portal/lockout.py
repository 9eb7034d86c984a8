"""Login lockout (django-axes): what is locked, the page a locked login sees, and the warnings.

Two locks, never a username alone, so that nobody can lock a staff member out by typing
wrong passwords for their username from somewhere else:

* a username from one address, after AXES_FAILURE_LIMIT failures (5): someone guessing
  one account's password;
* an address, after LOGIN_ADDRESS_FAILURE_LIMIT failures (20) for any usernames: someone
  trying many accounts. An IPv6 client is its /64 network, as for the rate limits.

axes compares one failure count with one limit (the highest count of its lockout
parameters against AXES_FAILURE_LIMIT), so LockoutHandler counts both itself.
"""

import ipaddress
from datetime import datetime, timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Count, Sum
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from concerns.roles import is_coordinator
from core.client_ip import IPV6_CLIENT_PREFIX
from slt_portal.models import LoginLockout
from slt_portal.staff_language import use_staff_language

REPEATED_WITHIN = timedelta(hours=24)


def _failures(attempts):
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def _client_attempts(attempts, address):
    """The attempts from the same client as `address`: that address, or for IPv6 its /64."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        parsed = None
    if not isinstance(parsed, ipaddress.IPv6Address):
        return attempts.filter(ip_address=address)
    network = ipaddress.IPv6Network((parsed, IPV6_CLIENT_PREFIX), strict=False)
    rows = attempts.filter(ip_address__contains=":").values_list("pk", "ip_address")
    return attempts.filter(pk__in=[pk for pk, ip in rows if ipaddress.ip_address(ip) in network])


class LockoutHandler(AxesDatabaseHandler):
    def _recent(self, request):
        return AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))

    def get_failures(self, request, credentials=None):
        """This username's failures from this address; the limit itself once the address is locked."""
        username = get_client_username(request, credentials)
        here = _failures(
            self._recent(request).filter(username=username, ip_address=request.axes_ip_address)
        )
        address = _failures(_client_attempts(self._recent(request), request.axes_ip_address))
        if address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(here, get_failure_limit(request, credentials))
        return here

    def reset_user_attempts(self, request, credentials=None):
        """A right password starts this username's count from this address again, and only that.

        Knowing one account's password says nothing about the other usernames an address
        has tried, so their failures still count towards the address's lock.
        """
        username = get_client_username(request, credentials)
        count, _rows = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count


def locked_out(request, original_response=None, credentials=None):
    use_staff_language(request)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        **admin.site.each_context(request),
        "title": _("Innloggingen er sperret"),
        "minutes": minutes,
    }
    response = TemplateResponse(request, "admin/locked_out.html", context, status=429)
    response.headers["Retry-After"] = str(minutes * 60)
    return response.render()


def lift(lockout):
    """Lift the locks a lockout row is part of: its address's, and so its username's there."""
    count, _rows = _client_attempts(AccessAttempt.objects.all(), lockout.ip_address).delete()
    return count


def sees_lockouts(user):
    """The coordinator, who answers for the staff's access, and superusers."""
    return user.is_active and (user.is_superuser or is_coordinator(user))


def repeated_lockouts(now: datetime | None = None) -> list[str]:
    """Accounts and addresses locked out more than once in the last 24 hours, for the coordinator."""
    since = (now or timezone.now()) - REPEATED_WITHIN
    recent = LoginLockout.objects.filter(locked_out=True, attempt_time__gte=since)
    warnings = []
    for field, message in [
        ("username", _("Brukernavnet «%(value)s» er sperret %(times)s ganger det siste døgnet.")),
        ("ip_address", _("Adressen %(value)s er sperret %(times)s ganger det siste døgnet.")),
    ]:
        repeated = (
            recent.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(times=Count("id"))
            .filter(times__gt=1)
            .order_by("-times", field)
        )
        warnings += [message % {"value": row[field], "times": row["times"]} for row in repeated]
    if warnings:
        warnings.append(_("Se Innloggingssperrer under SLT-portalen for tidspunkter og adresser."))
    return warnings
