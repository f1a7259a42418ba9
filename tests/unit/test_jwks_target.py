"""Where an embedding JWKS may be fetched from (runtime/embed/jwks.py): the webhooks'
address rule with FORMSEAL_JWKS_ALLOWED_HOSTS, http:// only on loopback, the Host header
and TLS server name kept when the request is pinned to the address, and a time limit."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from runtime.embed import jwks
from runtime.errors import Invalid
from runtime.outbound import pin

ADVICE = "; add it to FORMSEAL_JWKS_ALLOWED_HOSTS to allow it."


def resolving(monkeypatch: pytest.MonkeyPatch, name: str, address: str) -> None:
    real = socket.getaddrinfo

    def fake(host: str | bytes, port: int, *args: object, **kwargs: object) -> list:
        if (host.decode() if isinstance(host, bytes) else host) != name:
            return real(host, port, *args, **kwargs)  # type: ignore[arg-type]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake)


def test_internal_addresses_name_the_jwks_setting() -> None:
    with pytest.raises(Invalid) as refused:
        jwks.target("https://192.168.1.5/jwks", "")
    assert refused.value.detail == f"192.168.1.5 is an internal address{ADVICE}"


def test_the_operator_allows_a_network_or_a_name(monkeypatch: pytest.MonkeyPatch) -> None:
    resolving(monkeypatch, "idp.corp.test", "10.4.5.6")
    by_network = jwks.target("https://idp.corp.test/keys", "10.0.0.0/8")
    assert by_network.url == "https://10.4.5.6:443/keys"
    assert by_network.host == "idp.corp.test"
    assert by_network.extensions == {"sni_hostname": "idp.corp.test"}
    assert jwks.target("https://idp.corp.test:8443/k", "idp.corp.test").host == (
        "idp.corp.test:8443"
    )
    with pytest.raises(Invalid, match="idp.corp.test resolves to 10.4.5.6"):
        jwks.target("https://idp.corp.test/keys", "192.168.0.0/16")


def test_plain_http_only_on_loopback_and_only_when_allowed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(Invalid, match="FORMSEAL_JWKS_ALLOWED_HOSTS"):
        jwks.target("http://127.0.0.1:9000/k", "")
    assert jwks.target("http://127.0.0.1:9000/k", "127.0.0.1").extensions == {}
    with pytest.raises(Invalid, match="Use an https:// address"):
        jwks.target("http://10.4.5.6/k", "10.0.0.0/8")
    resolving(monkeypatch, "localhost", "10.4.5.6")  # a `localhost` that is not this machine
    with pytest.raises(Invalid, match="Use an https:// address"):
        jwks.target("http://localhost/k", "localhost")


def test_the_tls_server_name_of_an_ipv6_host_is_the_address() -> None:
    assert pin("https://[2606:4700::1]:8443/k", "", "X").extensions == {
        "sni_hostname": "2606:4700::1"
    }


def test_user_names_in_the_url_are_refused() -> None:
    with pytest.raises(Invalid, match="user name or password"):
        jwks.target("https://me:pw@idp.example.com/k", "")


async def test_a_slow_answer_stops_at_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    class Dripping(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's API
            self.send_response(200)
            self.end_headers()
            try:
                for _ in range(50):  # a byte every 0.1 s: never a 5 s silence
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:  # formseal gave up and closed the connection
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Dripping)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(jwks, "DEADLINE_SECONDS", 0.5)
    started = time.monotonic()
    try:
        with pytest.raises(jwks.FetchFailed, match="no complete answer within 0.5 s"):
            await jwks.fetch(f"http://127.0.0.1:{server.server_port}/k", "127.0.0.1")
    finally:
        server.shutdown()
    assert time.monotonic() - started < 3
