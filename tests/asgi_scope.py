"""The ASGI scope of one plain HTTP request, for tests and benchmarks that call an app
directly (no server, no test client) to control the body or to time the app alone."""

from typing import Any


def http_scope(
    method: str, path: str, headers: list[tuple[bytes, bytes]], server: tuple[str, int]
) -> dict[str, Any]:
    """`headers` as (lower-case name, value) bytes; the Host header is added from `server`;
    `path` may end in a query string."""
    host, port = server
    path, _, query = path.partition("?")
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [*headers, (b"host", f"{host}:{port}".encode())],
        "client": ("127.0.0.1", 50000),
        "server": server,
        "state": {},
    }
