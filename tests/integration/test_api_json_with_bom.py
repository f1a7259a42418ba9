"""JSON bodies saved by Windows editors start with a UTF-8 byte order mark. A template
definition took one, but `curl -d @envelope.json` of such a file answered 400 "JSON is
malformed: invalid character (byte 0)", which says nothing a person can act on. The BOM is
not content: every JSON body is read without it. A media type is matched in any case."""

import codecs
import json

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, demo_definition, import_template

BOM = codecs.BOM_UTF8


async def test_a_json_body_with_a_byte_order_mark_is_read(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org)
    body = {
        "template_id": template["id"],
        "recipients": [{"role": "customer", "name": "Win Dows", "email": "win@example.com"}],
    }
    json_type = {**org.auth, "Content-Type": "application/json"}
    sent = await client.post(
        "/api/v1/envelopes", content=BOM + json.dumps(body).encode(), headers=json_type
    )
    assert sent.status_code == 201, sent.text
    hook = {"url": "https://crm.example.com/hook"}
    added = await client.post(
        "/api/v1/webhooks", content=BOM + json.dumps(hook).encode(), headers=json_type
    )
    assert added.status_code == 201, added.text
    upper = {**org.auth, "Content-Type": "Application/JSON; charset=UTF-8"}
    published = await client.post(
        f"/api/v1/templates/{template['id']}/publish",
        content=json.dumps(demo_definition()).encode(),
        headers=upper,
    )
    assert published.status_code == 200, published.text
    assert published.json()["published"] is False
