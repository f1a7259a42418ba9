"""An embedding JWKS URL is held to the webhooks' address rule (SECURITY.md 24): public
addresses only unless FORMSEAL_JWKS_ALLOWED_HOSTS allows one, checked when the settings are
saved and again at every fetch; the host resolved once and the request sent there (DNS
rebinding); no redirects; a size limit on the answer."""

import logging
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from jose import jwt
from litestar.testing import AsyncTestClient

from runtime.embed import jwks, tokens
from runtime.settings import Settings
from tests.integration.conftest import Org, import_template, shared_app_client
from tests.integration.embed_helpers import FORM, INTRANET
from tests.oidc_provider import Provider

ADVICE = "; add it to FORMSEAL_JWKS_ALLOWED_HOSTS to allow it."
API = "/api/v1/organisation/embedding"


@pytest.fixture
def idp() -> Iterator[Provider]:
    provider = Provider().start()
    yield provider
    provider.stop()


def strict(settings: Settings) -> Settings:
    """The default: no internal address allowed (the test suite allows 127.0.0.1)."""
    return replace(settings, jwks_allowed_hosts="")


def jwks_set_up(issuer: str, url: str) -> dict:
    return {"origins": [INTRANET], "issuer": issuer, "mode": "jwks", "jwks_url": url}


def signed(idp: Provider) -> str:
    now = int(time.time())
    claims = {"iss": idp.issuer, "aud": "formseal", "sub": "u-7", "iat": now, "exp": now + 300}
    return jwt.encode(claims, idp.signing.pem, algorithm="RS256", headers={"kid": idp.signing.kid})


def log_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "formseal.embed"]


@pytest.mark.parametrize(
    "url",
    ["https://10.20.30.40/jwks.json", "https://169.254.169.254/latest", "http://127.0.0.1:9/k"],
    ids=["private", "metadata", "loopback-http"],
)
async def test_an_internal_address_is_refused_when_saved(
    settings: Settings, org: Org, url: str
) -> None:
    async with shared_app_client(strict(settings)) as client:
        answer = await client.put(API, headers=org.auth, json=jwks_set_up(f"{url}#iss", url))
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    host = url.split("/")[2].split(":")[0]
    said = f"{host} is an internal address{ADVICE}"
    assert problem["errors"] == [
        {
            "path": "$.jwks_url",
            "message": f"{said} That is a setting of the server: ask whoever runs formseal.",
        }
    ]
    assert said in problem["detail"]


async def test_plain_http_stays_refused_off_this_machine_even_when_allowed(
    settings: Settings, org: Org
) -> None:
    allowing = replace(settings, jwks_allowed_hosts="10.0.0.0/8")
    async with shared_app_client(allowing) as client:
        plain = await client.put(
            API, headers=org.auth, json=jwks_set_up("https://i/1", "http://10.1.2.3/k")
        )
        tls = await client.put(
            API, headers=org.auth, json=jwks_set_up("https://i/2", "https://10.1.2.3/k")
        )
    assert plain.status_code == 422 and "Use an https:// address" in plain.text
    assert tls.status_code == 200, tls.text  # the operator allowed that network


async def test_an_address_no_longer_allowed_is_refused_at_fetch_time(
    client: AsyncTestClient,
    settings: Settings,
    org: Org,
    idp: Provider,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Saved while the operator allowed loopback; then the setting was emptied (restart):
    the token is refused with the reason in the frame and the setting named in the log,
    and the identity provider is never asked."""
    jwks_url = f"{idp.issuer}/jwks"
    saved = await client.put(API, headers=org.auth, json=jwks_set_up(idp.issuer, jwks_url))
    assert saved.status_code == 200, saved.text
    slug = (await import_template(client, org, FORM))["slug"]
    tokens._jwks_cache.clear()
    async with shared_app_client(strict(settings)) as later:
        with caplog.at_level(logging.WARNING, logger="formseal.embed"):
            answer = await later.get(f"/embed/{slug}", params={"token": signed(idp)})
    assert answer.status_code == 401
    assert "keys are at an address this server may not fetch from" in answer.text
    line = log_lines(caplog)[-1]
    assert f"GET {jwks_url}: 127.0.0.1 is an internal address{ADVICE} Token: " in line
    assert idp.jwks_fetches == 0


class Redirecting:
    """Answers every GET with a redirect to `location`."""

    def __init__(self, location: str) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's API
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/jwks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


async def test_a_redirect_is_not_followed(
    client: AsyncTestClient, org: Org, idp: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    redirecting = Redirecting(f"{idp.issuer}/jwks")
    try:
        url = redirecting.url
        saved = await client.put(API, headers=org.auth, json=jwks_set_up(idp.issuer, url))
        assert saved.status_code == 200, saved.text
        slug = (await import_template(client, org, FORM))["slug"]
        with caplog.at_level(logging.WARNING, logger="formseal.embed"):
            answer = await client.get(f"/embed/{slug}", params={"token": signed(idp)})
    finally:
        redirecting.server.shutdown()
    assert answer.status_code == 401
    assert "The identity provider&#39;s keys could not be fetched." in answer.text
    assert f"GET {url}: HTTP 302" in log_lines(caplog)[-1]
    assert idp.jwks_fetches == 0  # where it pointed was never asked


async def test_the_host_is_resolved_once_and_the_request_pinned_to_it(
    client: AsyncTestClient, org: Org, idp: Provider, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the name answers an allowed address when checked, and another one
    (127.0.0.2, where nothing listens) to any later look-up. The keys come from the checked
    address, with the name in the Host header."""
    port = idp.issuer.split(":")[2].split("/")[0]
    jwks_url = f"http://localhost:{port}/realm/jwks"
    saved = await client.put(API, headers=org.auth, json=jwks_set_up(idp.issuer, jwks_url))
    assert saved.status_code == 200, saved.text
    slug = (await import_template(client, org, FORM))["slug"]
    real = socket.getaddrinfo
    looked_up: list[str] = []

    def rebinding(host: str | bytes, *args: object, **kwargs: object) -> list:
        name = host.decode() if isinstance(host, bytes) else host  # anyio passes bytes
        if name != "localhost":
            return real(host, *args, **kwargs)  # type: ignore[arg-type]
        looked_up.append(name)
        answer = "127.0.0.1" if len(looked_up) == 1 else "127.0.0.2"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answer, int(port)))]

    tokens._jwks_cache.clear()
    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    answer = await client.get(f"/embed/{slug}", params={"token": signed(idp)})
    assert answer.status_code == 303, answer.text
    assert looked_up == ["localhost"] and idp.jwks_fetches == 1


class Huge:
    """Answers with a JSON object larger than the limit."""

    def __init__(self) -> None:
        body = b'{"keys": [], "padding": "' + b"x" * (jwks.MAX_BYTES + 10) + b'"}'

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's API
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/jwks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


async def test_an_answer_over_the_size_limit_is_refused() -> None:
    huge = Huge()
    try:
        with pytest.raises(jwks.FetchFailed, match="larger than 1,000,000 bytes"):
            await jwks.fetch(huge.url, "127.0.0.1")
    finally:
        huge.server.shutdown()
