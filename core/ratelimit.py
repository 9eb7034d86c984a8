"""Counting requests per client in the shared cache, to slow down abuse of the public forms.

The cache must be shared by every gunicorn worker and host (CACHE_URL=redis://…
in production) for the limits to hold across them. Clients are keyed by a keyed
hash of their address, so no IP address is stored in the cache.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache

from core.client_ip import client_ip


def client_key(request, scope):
    address = client_ip(request)
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()
    return f"ratelimit:{scope}:{digest[:32]}"


def too_many(request, scope, *, limit, window):
    """Count this request; True once the client has made more than `limit` in `window` seconds."""
    key = client_key(request, scope)
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return False
    return count > limit
