"""The address of the client behind our own proxies, for rate limits and login lockout.

X-Forwarded-For is only believed when the request came from a proxy listed in
TRUSTED_PROXIES, and only up to the first address that is not one of ours:
anything further left was written by the client and could be forged.
"""

from django.conf import settings


def client_ip(request):
    address = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXIES
    if address not in trusted:
        return address
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):
        if hop and hop not in trusted:
            return hop
    return address
