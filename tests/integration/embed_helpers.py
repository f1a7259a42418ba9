"""Embedding in the integration tests: the intranet's claims, signed as the intranet signs
them, and the form it embeds."""

import base64
import hashlib
import hmac
import json
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, import_template

INTRANET = "https://intranet.example.com"

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "intranet"

FORM = json.loads((EXAMPLE / "equipment-request.json").read_text())

#: the issuer the `embedding` fixture (below) last set up for
#: the organisation; `claims` names it
ISSUER = ""


def claims(**extra) -> dict:
    now = int(time.time())
    return {
        "iss": ISSUER,
        "aud": "formseal",
        "sub": "u-1001",
        "email": "kim@example.com",
        "name": "Kim Lee",
        "iat": now,
        "exp": now + 300,
        **extra,
    }


class JWKSServer:
    def __init__(self, document: dict) -> None:
        body = json.dumps(document).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/jwks.json"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unsigned(body: dict) -> str:
    return (
        b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
        + "."
        + b64(json.dumps(body).encode())
        + "."
    )


def _hs256_with(secret: str, body: dict) -> str:
    """What python-jose refuses to make: HS256 keyed with a public key (the confusion attack)."""
    signing_input = (
        b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        + "."
        + b64(json.dumps(body).encode())
    )
    signature = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64(signature)


@pytest.fixture
async def embedding(client: AsyncTestClient, org: Org) -> dict:
    global ISSUER
    ISSUER = f"https://idp.example.com/{uuid.uuid4().hex[:8]}"
    response = await client.put(
        "/api/v1/organisation/embedding",
        headers=org.auth,
        json={
            "origins": ["https://Intranet.Example.com/", "http://localhost:8080"],
            "issuer": ISSUER,
        },
    )
    assert response.status_code == 200, response.text
    config = response.json()
    assert config["origins"] == ["http://localhost:8080", INTRANET] and config["mode"] == "hs256"
    # 256 bits, and safe on a command line (a secret starting with "-" is read as an option)
    assert re.fullmatch(r"[0-9a-f]{64}", config["secret"]), config["secret"]
    template = await import_template(client, org, FORM)
    return {**config, "slug": template["slug"]}
