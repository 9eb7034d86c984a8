"""The address of the client behind our own proxies, for rate limits and login lockout.

X-Forwarded-For is only believed when the request came from a proxy listed in
TRUSTED_PROXIES, and only up to the first address that is not one of ours:
anything further left was written by the client and could be forged.

TRUSTED_PROXIES holds single addresses and ranges (10.0.0.0/8, fd00::/8), parsed once
when the settings load by trusted_proxies(), which refuses a malformed entry.
"""

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# One IPv6 subscriber gets at least a /64 and may use any address in it: the network,
# not the address, is the client.
IPV6_CLIENT_PREFIX = 64


def trusted_proxies(entries: Iterable[str]) -> tuple[Network, ...]:
    """Parse addresses and CIDR ranges; a malformed entry stops the start, naming the setting."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip()))
        except ValueError:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES must list IP addresses or networks (such as 10.0.0.5, 10.0.0.0/8 "
                f"or fd00::/8), separated by commas; {entry!r} is not one. A network must "
                f"be written with its host bits zero (10.0.0.0/8, not 10.0.0.1/8)."
            ) from None
    return tuple(networks)


@lru_cache(maxsize=8)
def _parsed(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return trusted_proxies(entries)


def _trusted() -> tuple[Network, ...]:
    configured = settings.TRUSTED_PROXIES
    if all(
        isinstance(entry, ipaddress.IPv4Network | ipaddress.IPv6Network) for entry in configured
    ):
        return tuple(configured)
    # Strings, from a test's override_settings or a settings file of its own.
    return _parsed(tuple(str(entry) for entry in configured))


def _address(value: str) -> Address | None:
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket (::ffff:192.0.2.1) is that IPv4 client.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address | None, trusted: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in trusted)


def client_ip(request) -> str:
    """The client's address, as the outermost of our proxies saw it (django-axes uses this too)."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = _trusted()
    address = _address(remote)
    if not _is_trusted(address, trusted):
        return str(address) if address else remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):
        if not hop:
            continue
        hop_address = _address(hop)
        if not _is_trusted(hop_address, trusted):
            return str(hop_address) if hop_address else hop
    return str(address)


def client_network(request) -> str:
    """Whom a rate limit counts: the client's IPv4 address, or its IPv6 /64 network.

    Login lockout (django-axes) keeps the full address from client_ip(), which it logs.
    """
    address = client_ip(request)
    parsed = _address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((parsed, IPV6_CLIENT_PREFIX), strict=False))
    return address
