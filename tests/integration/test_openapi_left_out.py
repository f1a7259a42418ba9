"""/schema says what a list left out of a body means where it is not "nothing": an API key
made without `scopes` has every scope (admin too), and a webhook endpoint without `events`
gets every event. The schema showed both as bare lists of strings, so a generated client
could not tell that leaving `scopes` out makes an admin key."""

from typing import Any

from litestar.testing import AsyncTestClient


def body_property(schema: dict[str, Any], path: str, key: str) -> dict[str, Any]:
    body = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    name = body["$ref"].rsplit("/", 1)[-1]
    return schema["components"]["schemas"][name]["properties"][key]


async def test_the_schema_says_what_scopes_and_events_left_out_mean(
    client: AsyncTestClient,
) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    scopes = body_property(schema, "/api/v1/api-keys", "scopes")
    assert scopes["description"] == (
        "Some of read, send, admin; left out: all three (an empty list is refused)"
    )
    assert scopes["examples"] == [["read"]]
    events = body_property(schema, "/api/v1/webhooks", "events")
    assert events["description"].startswith("Some of envelope.sent, recipient.viewed, ")
    assert events["description"].endswith("template.published; empty or left out: every event")
