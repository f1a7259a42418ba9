"""JSON definitions and JSON Logic over the API (SECURITY.md 23): malformed, invalid
UTF-8, deeply nested, huge, unknown operators -> 422 problem details naming the path,
quickly, with no template stored. Request bodies nested deeply elsewhere get a 4xx too.
(tests/integration/test_bad_input.py covers the everyday mistakes.)"""

import json
import time

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, demo_definition, import_template
from tests.security.helpers import sqlite_only, traces


def _with_condition(condition: str) -> bytes:
    text = json.dumps(demo_definition())
    return text.replace('"title":', f'"visible_if": {condition}, "title":', 1).encode()


BODIES = {
    "invalid utf-8 in a key": b'{"\x80name": "x", "roles": [], "sections": []}',
    "invalid utf-8 in a value": b'{"name": "\xff\xfe", "roles": [], "sections": []}',
    "truncated": json.dumps(demo_definition()).encode()[:700],
    "not an object": b"[1, 2, 3]",
    "nested 100k deep": b'{"name": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "deep condition": _with_condition('{"!":' * 300 + "true" + "}" * 300),
    "wide condition": _with_condition(
        '{"or": [' + ",".join(['{"==": [{"var": "email"}, "x"]}'] * 3000) + "]}"
    ),
    "unknown operator": _with_condition('{"eval": ["__import__(\'os\')"]}'),
    "huge string in a condition": _with_condition(
        '{"==": [{"var": "email"}, "' + "a" * 50_000 + '"]}'
    ),  # noqa: E501
    "over a megabyte": b'{"name": "' + b"a" * 1_100_000 + b'"}',
    "NaN literal": _with_condition('{"==": [{"var": "email"}, NaN]}'),
}


@sqlite_only
async def test_hostile_definitions_are_refused_with_a_path(
    client: AsyncTestClient, org: Org
) -> None:
    before = await traces(org.id)
    for name, body in BODIES.items():
        started = time.monotonic()
        answer = await client.post(
            "/api/v1/templates",
            content=body,
            headers={**org.auth, "Content-Type": "application/json"},
        )
        assert time.monotonic() - started < 3, name
        assert answer.status_code in (400, 413, 422), (name, answer.status_code, answer.text[:300])
        assert answer.headers["content-type"].startswith("application/problem+json"), name
        problem = answer.json()
        assert problem["status"] == answer.status_code and problem.get("detail"), name
        if answer.status_code == 422 and "errors" in problem:
            assert all(e["path"].startswith("$") for e in problem["errors"]), name
    assert await traces(org.id) == before


@sqlite_only
async def test_deeply_nested_request_bodies_elsewhere(client: AsyncTestClient, org: Org) -> None:
    template = await import_template(client, org)
    before = await traces(org.id)
    deep = "[" * 50_000 + "]" * 50_000
    tid = template["id"]
    bodies = [
        f'{{"template_id": "{tid}", "recipients": [], "prefill": {{"email": {deep}}}}}',
        f'{{"template_id": "{tid}", "recipients": {deep}}}',
        f'{{"url": {deep}}}',
    ]
    for path, body in zip(
        ["/api/v1/envelopes", "/api/v1/envelopes", "/api/v1/webhooks"], bodies, strict=True
    ):
        answer = await client.post(
            path, content=body.encode(), headers={**org.auth, "Content-Type": "application/json"}
        )
        assert 400 <= answer.status_code < 500, (path, answer.status_code, answer.text[:200])
        assert answer.headers["content-type"].startswith("application/problem+json")
    assert await traces(org.id) == before
