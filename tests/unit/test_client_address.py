"""Which address a request counts against: the peer, or behind trusted proxies the forwarded client."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.http.client_address import client_address, trusted_networks
from bootstrap.settings import SettingsError, load_settings

PROXIES = trusted_networks("10.0.0.1, 10.9.0.0/16, ::1")


def scope(peer: str | None, *forwarded: str) -> Any:
    headers = [(b"x-forwarded-for", value.encode()) for value in forwarded]
    return {"client": (peer, 443) if peer else None, "headers": headers}


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("198.51.100.1", ("203.0.113.7",), "198.51.100.1"),  # not a proxy: its header proves nothing
        ("10.0.0.1", (), "10.0.0.1"),  # a proxy that names no one is the client
        ("10.0.0.1", ("203.0.113.7",), "203.0.113.7"),
        ("10.0.0.1", ("198.51.100.9, 203.0.113.7",), "203.0.113.7"),  # the left entry is the client's own
        ("10.0.0.1", ("203.0.113.7, 10.9.4.4",), "203.0.113.7"),  # through two trusted proxies
        ("10.0.0.1", ("198.51.100.9", "203.0.113.7, 10.9.4.4"), "203.0.113.7"),  # the header twice
        ("::1", ("2001:db8::5",), "2001:db8::5"),
        ("10.0.0.1", ("10.9.0.2, 10.9.0.3",), "10.9.0.2"),  # all proxies: the first is as far as it goes
        ("10.0.0.1", ("not-an-address",), "not-an-address"),  # never mistaken for a trusted proxy
        (None, ("203.0.113.7",), "unknown"),
    ],
)
def test_the_client_is_the_right_most_entry_no_trusted_proxy_wrote(
    peer: str | None, forwarded: tuple[str, ...], client: str
) -> None:
    assert client_address(scope(peer, *forwarded), PROXIES) == client


def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert client_address(scope("10.0.0.1", "203.0.113.7")) == "10.0.0.1"


def test_a_proxy_setting_that_is_not_an_address_is_refused_by_name() -> None:
    with pytest.raises(SettingsError, match=r"STAKEWISE_API_TRUSTED_PROXIES=.*'proxy.local' is not an IP"):
        load_settings({"STAKEWISE_API_TRUSTED_PROXIES": "10.0.0.1, proxy.local"})
    assert load_settings({"STAKEWISE_API_TRUSTED_PROXIES": " 10.0.0.0/8 , ::1"}).api_trusted_proxies
