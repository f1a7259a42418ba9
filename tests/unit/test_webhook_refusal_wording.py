"""What the delivery log says of a webhook to an internal address. An address written in
the URL read "10.1.2.3 resolves to 10.1.2.3, an internal address"; a host name still says
what it resolves to."""

import pytest

from runtime.errors import Invalid
from runtime.webhooks.addresses import resolve

ADVICE = "; add it to FORMSEAL_WEBHOOK_ALLOWED_HOSTS to allow it."


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("http://10.1.2.3/x", "10.1.2.3 is an internal address"),
        ("https://[::1]:8443/x", "::1 is an internal address"),
        ("http://localhost:9000/x", "localhost resolves to "),
        ("http://127.1/x", "127.1 resolves to 127.0.0.1, an internal address"),
    ],
    ids=["ipv4", "ipv6", "host-name", "short-ipv4"],
)
def test_the_refusal_names_the_address_once(url: str, said: str) -> None:
    with pytest.raises(Invalid) as refused:
        resolve(url, "")
    assert refused.value.detail.startswith(said)
    assert refused.value.detail.endswith(ADVICE)
