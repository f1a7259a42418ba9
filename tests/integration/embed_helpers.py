"""Embedding in the integration tests: the intranet's claims, signed as the intranet signs
them, and the form it embeds."""

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

INTRANET = "https://intranet.example.com"

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "intranet"

FORM = json.loads((EXAMPLE / "equipment-request.json").read_text())

#: the issuer the `embedding` fixture (tests/integration/test_embed.py) last set up for
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
