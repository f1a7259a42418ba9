"""Where the server may send a request an organisation chose the address of (a webhook
receiver, an identity provider's JWKS): public addresses only, unless the operator allows
a host or network in the setting named (FORMSEAL_WEBHOOK_ALLOWED_HOSTS,
FORMSEAL_JWKS_ALLOWED_HOSTS).

The host is resolved once and the request is sent to that checked address (with the
original Host header and TLS server name, `Target.extensions`), so DNS rebinding cannot
swap in an internal one.
"""

import ipaddress
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from runtime.errors import Invalid

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Target:
    url: str  # with the checked IP address in place of the host name
    host: str  # the Host header: the URL's host and port as written
    scheme: str
    address: Address

    @property
    def extensions(self) -> dict[str, Any]:
        """httpx's request extensions: the TLS server name is the host, not the address."""
        if self.scheme != "https":
            return {}
        return {"sni_hostname": urlsplit(f"//{self.host}").hostname or self.host}


def _allowed(address: Address, host: str, allow: list[str]) -> bool:
    for item in allow:
        if item == host:
            return True
        try:
            if address in ipaddress.ip_network(item, strict=False):
                return True
        except ValueError:
            continue
    embedded = _embedded_ipv4(address)
    if embedded is not None and not embedded.is_global:
        return False
    return address.is_global and not address.is_multicast


_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


def _embedded_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (NAT64, 6to4): `64:ff9b::7f00:1` counts as
    global to Python but a NAT64 gateway takes it to 127.0.0.1."""
    if address.version != 6:
        return None
    assert isinstance(address, ipaddress.IPv6Address)
    if any(address in network for network in _NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.sixtofour


class Unresolvable(Invalid):
    """The host has no address right now: a DNS fault may pass (a delivery is retried)."""


def pin(url: str, allowed_hosts: str, setting: str) -> Target:
    """The URL pinned to a permitted address; raises Invalid naming `setting` for internal
    destinations, Unresolvable when the host has no address. The URL's shape (scheme, host)
    is the caller's to check."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    allow = [h.strip() for h in allowed_hosts.split(",") if h.strip()]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise Unresolvable(f"The host {host} cannot be resolved.") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not _allowed(address, host, allow):
            said = (  # an address in the URL itself does not resolve to itself
                f"{address} is an internal address"
                if host.strip("[]") == str(address)
                else f"{host} resolves to {address}, an internal address"
            )
            raise Invalid(f"{said}; add it to {setting} to allow it.")
    address = ipaddress.ip_address(infos[0][4][0])
    shown = f"[{address}]" if address.version == 6 else str(address)
    pinned = parts._replace(netloc=f"{shown}:{port}").geturl()
    return Target(
        url=pinned, host=parts.netloc.rsplit("@", 1)[-1], scheme=parts.scheme, address=address
    )
