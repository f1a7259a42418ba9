"""A throw-away PKI for sealing tests: CAs, sealing and TSA certificates, a local TSA and CRLs.

The HTTP server runs in a thread on 127.0.0.1 (a free port) and answers RFC 3161 requests
with pyHanko's DummyTimeStamper and CRL downloads with CRLs made here. Other test modules
import the helpers; the tests below check the helpers themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from cryptography import x509

from tests.unit.pki_helpers import LocalServer, crl, issue, start_tsa


@pytest.fixture(scope="module")
def local_server() -> Iterator[LocalServer]:
    server = LocalServer()
    try:
        yield server
    finally:
        server.stop()


def test_local_tsa_answers_rfc3161(local_server: LocalServer) -> None:
    import asyncio

    from pyhanko.sign.timestamps import HTTPTimeStamper
    from pyhanko.sign.timestamps.common_utils import dummy_digest

    from runtime.sealing.timestamps import token_signer, token_time

    tsa = start_tsa(local_server, "/tsa-self-test")
    token = asyncio.run(HTTPTimeStamper(tsa.url).async_timestamp(dummy_digest("sha256"), "sha256"))
    assert abs((token_time(token) - datetime.now(UTC)).total_seconds()) < 60
    signer = token_signer(token)
    assert signer is not None and signer.subject == tsa.unit.asn1.subject
    assert len(tsa.requests) == 1


def test_crl_route_serves_der(local_server: LocalServer) -> None:
    from urllib.request import urlopen

    ca = issue("CRL CA", ca=True)
    local_server.routes["/crl-self-test"] = lambda _: ("application/pkix-crl", crl(ca))
    with urlopen(local_server.url("/crl-self-test"), timeout=5) as response:  # noqa: S310
        parsed = x509.load_der_x509_crl(response.read())
    assert parsed.issuer == ca.cert.subject
