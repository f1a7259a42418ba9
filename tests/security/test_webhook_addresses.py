"""Webhook destinations (SECURITY.md 24), beyond tests/integration/test_webhooks.py: every
spelling of an internal address is refused before anything is sent, including IPv4 hidden
in IPv6 (mapped, NAT64, 6to4); an allow-list opens exactly what it names."""

import pytest

from runtime.errors import Invalid
from runtime.webhooks.addresses import resolve

INTERNAL = [
    "127.0.0.1", "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "0.0.0.0", "localhost",
    "169.254.169.254", "10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1", "224.0.0.1",
    "255.255.255.255", "[::]", "[::1]", "[::ffff:127.0.0.1]", "[fe80::1]", "[fc00::1]",
    "[64:ff9b::7f00:1]", "[64:ff9b::a00:1]", "[64:ff9b:1::a9fe:a9fe]", "[2002:7f00:1::1]",
    "[2002:a9fe:a9fe::1]",
]  # fmt: skip


@pytest.mark.parametrize("host", INTERNAL)
def test_internal_addresses_in_any_spelling_are_refused(host: str) -> None:
    with pytest.raises(Invalid) as refused:
        resolve(f"https://{host}:8443/hook", "")
    assert (
        "internal address" in refused.value.detail or "cannot be resolved" in refused.value.detail
    )


def test_the_allow_list_opens_only_what_it_names() -> None:
    assert resolve("http://10.1.2.3:9000/h", "10.0.0.0/8").url == "http://10.1.2.3:9000/h"
    with pytest.raises(Invalid):
        resolve("http://192.168.1.1/h", "10.0.0.0/8")
    with pytest.raises(Invalid):  # a look-alike of an allowed name is not allowed
        resolve("http://127.0.0.1/h", "127.0.0.10,localhost.example")


def test_public_addresses_are_pinned_to_the_checked_address() -> None:
    target = resolve("https://93.184.215.14/hook", "")
    assert target.url == "https://93.184.215.14:443/hook" and target.host == "93.184.215.14"
    assert resolve("http://[2606:4700::1]/h", "").url == "http://[2606:4700::1]:80/h"
