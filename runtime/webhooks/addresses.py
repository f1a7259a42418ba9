"""Where webhooks may go: public addresses only, unless an operator allows a host or network.

The host is resolved once and the request is sent to that checked address (with the
original Host header and TLS server name), so DNS rebinding cannot swap in an internal one.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from runtime.errors import Invalid


@dataclass(frozen=True)
class Target:
    url: str  # with the checked IP address in place of the host name
    host: str
    scheme: str


def _allowed(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, host: str, allow: list[str]
) -> bool:
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


def _embedded_ipv4(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (NAT64, 6to4): `64:ff9b::7f00:1` counts as
    global to Python but a NAT64 gateway takes it to 127.0.0.1."""
    if address.version != 6:
        return None
    assert isinstance(address, ipaddress.IPv6Address)
    if any(address in network for network in _NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.sixtofour


class Unresolvable(Invalid):
    """The host has no address right now: a DNS fault may pass, so a delivery is retried."""


def check_url(url: str) -> None:
    """Shape checks when an endpoint is saved (addresses are checked again at every delivery)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Invalid("The webhook URL must start with https:// (or http://) and name a host.")
    if parts.username or parts.password:
        raise Invalid("The webhook URL must not contain a user name or password.")
    if len(url) > 2000:
        raise Invalid("The webhook URL must be 2,000 characters or fewer.")


def resolve(url: str, allowed_hosts: str) -> Target:
    """The URL pinned to a permitted address; raises Invalid for internal destinations."""
    check_url(url)
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    allow = [h.strip() for h in allowed_hosts.split(",") if h.strip()]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise Unresolvable(f"The host {host} cannot be resolved.") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not _allowed(address, host, allow):
            said = (  # an address in the URL itself does not resolve to itself
                f"{address} is an internal address"
                if host.strip("[]") == str(address)
                else f"{host} resolves to {address}, an internal address"
            )
            raise Invalid(f"{said}; add it to FORMSEAL_WEBHOOK_ALLOWED_HOSTS to allow it.")
    address = ipaddress.ip_address(infos[0][4][0])
    shown = f"[{address}]" if address.version == 6 else str(address)
    netloc = f"{shown}:{port}"
    pinned = parts._replace(netloc=netloc).geturl()
    return Target(url=pinned, host=parts.netloc.rsplit("@", 1)[-1], scheme=parts.scheme)
