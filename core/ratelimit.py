"""Counting requests per client in the shared cache, to slow down abuse of the public forms.

The cache must be shared by every gunicorn worker and host (CACHE_URL=redis://…
in production) for the limits to hold across them. Clients are keyed by a keyed
hash of their address (an IPv6 client by its /64 network), and anything else that is
counted (a report's reference) by a keyed hash of it: no address or reference is
stored in the cache.

Counts are kept in fixed windows: the key names its window (the number of whole windows
since the epoch), and the entry expires when the window ends, whatever the backend. So
a count never carries over into the next window, a refusal can say exactly when it
lifts, and at most twice a limit can pass around the turn of a window.
"""

import hashlib
import hmac
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.base import BaseCache

from core.client_ip import client_network

HOUR = 60 * 60
# Entries outlive their window by this much, for a host whose clock runs a little behind.
GRACE = 60


def now() -> float:
    return time.time()


@dataclass(frozen=True)
class Refusal:
    """Over the limit until the window ends, `retry_after` seconds from now."""

    retry_after: int

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def keyed_hash(scope: str, value: str) -> str:
    """A keyed hash of what identifies a client or a report, for use in cache keys."""
    message = f"{scope}\0{value}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]


def _slot(scope: str, who: str, window: int) -> tuple[str, int]:
    """This window's cache key for `who`, and the whole seconds left in the window."""
    moment = now()
    index = int(moment // window)
    left = max(1, math.ceil((index + 1) * window - moment))
    return f"ratelimit:{scope}:{keyed_hash(scope, who)}:{index}", left


def _count_one(key: str, left: int) -> int:
    cache = caches[DEFAULT_CACHE_ALIAS]
    timeout = left + GRACE
    if cache.add(key, 1, timeout=timeout):
        return 1
    if type(cache).incr is not BaseCache.incr:
        # The backend counts in place and keeps the expiry add() set: Redis and
        # Memcached atomically across hosts, local memory under its lock.
        try:
            return cache.incr(key)
        except ValueError:  # expired since add()
            cache.add(key, 1, timeout=timeout)
            return 1
    # BaseCache.incr() (the file and database caches) writes the count back with the
    # default timeout, 300 s, which would restart the window on every hit: write it
    # with the window's own. Two workers counting at the same instant may count one.
    count = int(cache.get(key, 0)) + 1
    cache.set(key, count, timeout=timeout)
    return count


def hit(scope: str, who: str, *, limit: int, window: int = HOUR) -> Refusal | None:
    """Count one request; refused once more than `limit` were counted in this window."""
    key, left = _slot(scope, who, window)
    return Refusal(left) if _count_one(key, left) > limit else None


def spent(scope: str, who: str, *, limit: int, window: int = HOUR) -> Refusal | None:
    """Without counting: refused if `limit` have already been counted in this window."""
    key, left = _slot(scope, who, window)
    return Refusal(left) if int(caches[DEFAULT_CACHE_ALIAS].get(key, 0)) >= limit else None


def spend(scope: str, who: str, *, window: int = HOUR) -> None:
    """Count one after the fact (a report stored)."""
    key, left = _slot(scope, who, window)
    _count_one(key, left)


def too_many(request, scope: str, *, limit: int, window: int = HOUR) -> Refusal | None:
    """Count this request from its client; refused once it made more than `limit` in the window."""
    return hit(scope, client_network(request), limit=limit, window=window)
