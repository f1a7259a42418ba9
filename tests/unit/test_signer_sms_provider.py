"""The generic HTTP SMS provider against a recording server on the loopback address."""

import asyncio
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from runtime.identity.sms import DevelopmentSmsProvider, HttpSmsProvider, SmsError


def serve(status: int) -> tuple[HTTPServer, list[dict]]:
    seen: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server API)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            seen.append({"auth": self.headers["Authorization"], "body": json.loads(body)})
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, seen


def test_the_http_provider_posts_json_with_the_bearer_token() -> None:
    server, seen = serve(202)
    try:
        url = f"http://127.0.0.1:{server.server_port}/sms"
        provider = HttpSmsProvider(url, "secret-token", "ACME", timeout=5)
        assert asyncio.run(provider.send("+44 7700 900123", "Your code is 123456")) == "sms-http"
    finally:
        server.shutdown()
    assert seen == [
        {
            "auth": "Bearer secret-token",
            "body": {"to": "+44 7700 900123", "from": "ACME", "text": "Your code is 123456"},
        }
    ]


def test_a_refusing_gateway_is_an_error() -> None:
    server, _ = serve(500)
    try:
        provider = HttpSmsProvider(f"http://127.0.0.1:{server.server_port}/", "t", "ACME", 5)
        with pytest.raises(SmsError):
            asyncio.run(provider.send("+1 555 0100", "hi"))
    finally:
        server.shutdown()
    with pytest.raises(SmsError):
        HttpSmsProvider("file:///etc/passwd", "t", "ACME")


def test_the_development_provider_writes_to_the_outbox(tmp_path) -> None:
    where = asyncio.run(DevelopmentSmsProvider(tmp_path).send("+1 555 0100", "Your code is 654321"))
    written = tmp_path / where.split("/", 1)[1]
    assert "654321" in written.read_text() and "+1 555 0100" in written.read_text()
