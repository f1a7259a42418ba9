"""A caller without a valid key is told so (401) before anything about the body: a POST of
something that is not JSON, without a key, got `400 The request body is not valid JSON`,
and only once the body was fixed did the caller learn that a key was missing."""

import inspect
import re
import uuid

from litestar.handlers import HTTPRouteHandler
from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org


def _operations_with_a_body(client: AsyncTestClient) -> list[tuple[str, str]]:
    found = []
    for route in client.app.routes:
        for handler in getattr(route, "route_handlers", []):
            if not route.path.startswith("/api/") or not isinstance(handler, HTTPRouteHandler):
                continue
            if "data" not in inspect.signature(handler.fn).parameters:
                continue
            path = re.sub(r"\{[^}]+\}", str(uuid.uuid4()), route.path)
            found += [(method, path) for method in sorted(handler.http_methods)]
    return found


async def test_no_key_is_a_401_before_the_body_is_read(client: AsyncTestClient, org: Org) -> None:
    operations = _operations_with_a_body(client)
    assert ("POST", "/api/v1/envelopes") in operations and len(operations) >= 8
    wrong = {"Authorization": "Bearer fs_not_a_key"}
    for method, path in operations:
        for headers, detail in (
            ({}, "Send an API key in the Authorization header"),
            (wrong, "The API key is not valid or has been revoked."),
        ):
            answer = await client.request(
                method,
                path,
                content=b"not json {",
                headers={"Content-Type": "application/json", **headers},
            )
            assert answer.status_code == 401, (method, path, answer.text)
            assert answer.headers["content-type"].startswith("application/problem+json")
            assert answer.json()["detail"].startswith(detail), (method, path, answer.text)
            assert answer.headers["www-authenticate"].startswith("Bearer")
    # with a key, the same body is refused for what it is
    answer = await client.post(
        "/api/v1/envelopes",
        content=b"not json {",
        headers={"Content-Type": "application/json", **org.auth},
    )
    assert answer.status_code == 400 and "not valid JSON" in answer.json()["detail"]
