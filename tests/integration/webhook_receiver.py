"""A local webhook receiver shared by the webhook tests (the `receiver` fixture in
conftest.py gives each test its own)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    """An HTTP receiver on loopback that records every request and answers `status`."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server API)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append(
                    {"headers": dict(self.headers), "body": body, "path": self.path}
                )
                self.send_response(receiver.status)
                self.end_headers()
                self.wfile.write(b"thanks" if receiver.status < 300 else b"receiver is down")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/formseal"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()

    def events(self) -> list[str]:
        return [json.loads(r["body"])["type"] for r in self.requests]
