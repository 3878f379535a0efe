"""The client address a request counts against (failed-authentication limit, access log).

Behind a reverse proxy every request arrives from the proxy, so one client's failed keys would block all
others. When the peer is a trusted proxy (STAKEWISE_API_TRUSTED_PROXIES: addresses or networks), the
client is the right-most `X-Forwarded-For` entry that is not itself a trusted proxy: entries to its left
were written by the client and prove nothing. From any other peer the header is ignored.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from litestar.types import Scope

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_FORWARDED_FOR = b"x-forwarded-for"


def trusted_networks(text: str) -> tuple[Network, ...]:
    """`10.0.0.1, 10.1.0.0/16, ::1` → networks; raises ValueError naming the entry it cannot read."""
    networks = []
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"{entry!r} is not an IP address or network (10.0.0.1, 10.0.0.0/8)") from None
    return tuple(networks)


def client_address(scope: Scope, trusted: Sequence[Network] = ()) -> str:
    client = scope.get("client")
    peer = client[0] if client else "unknown"
    if not trusted or not _within(peer, trusted):
        return peer
    hops = [hop.strip() for header in _forwarded(scope) for hop in header.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _within(hop, trusted):
            return hop
    return hops[0] if hops else peer


def _forwarded(scope: Scope) -> Iterable[str]:
    return (value.decode("latin-1") for name, value in scope["headers"] if name == _FORWARDED_FOR)


def _within(address: str, networks: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False  # not an address (a name, garbage a client wrote): never a trusted proxy
    return any(ip in network for network in networks)
