"""Small helpers shared by the designer's integration tests."""

import re
import uuid
from html import unescape
from typing import Any

from litestar.testing import AsyncTestClient

from designer import drafts
from designer.tables import Draft
from tests.integration.designer.conftest import draft_id_from

SIGNED_FORM: dict[str, Any] = {
    "name": "Consulting agreement",
    "roles": [{"key": "client", "name": "Client", "kind": "signer", "stage": 1}],
    "sections": [
        {
            "key": "details",
            "title": "Your details",
            "role": "client",
            "fields": [
                {"key": "full_name", "component": "text", "label": "Full name", "required": True},
                {
                    "key": "client_type",
                    "component": "radio",
                    "label": "Client type",
                    "options": [
                        {"value": "person", "label": "Person"},
                        {"value": "company", "label": "Company"},
                    ],
                },
            ],
        },
        {
            "key": "company",
            "title": "Your company",
            "role": "client",
            "visible_if": {"and": [{"==": [{"var": "client_type"}, "company"]}]},
            "fields": [
                {
                    "key": "company_name",
                    "component": "text",
                    "label": "Company name",
                    "required": True,
                }
            ],
        },
        {
            "key": "sign",
            "title": "Sign",
            "role": "client",
            "fields": [
                {
                    "key": "signature",
                    "component": "signature",
                    "label": "Signature",
                    "required": True,
                }
            ],
        },
    ],
    "document": [
        {"kind": "heading", "text": "Consulting agreement", "level": 1},
        {"kind": "paragraph", "html": "<p>Made with <strong>{{ full_name }}</strong>.</p>"},
        {"kind": "signature", "role": "client"},
    ],
}


async def create(client: AsyncTestClient, token: str, name: str) -> str:
    response = await client.post("/designer/templates", data={"_csrf_token": token, "name": name})
    assert response.status_code == 303, response.text
    return f"/designer/templates/{draft_id_from(response.headers['location'])}"


async def seeded(
    client: AsyncTestClient, token: str, definition: dict[str, Any] | None = None
) -> str:
    """A draft holding `definition` (SIGNED_FORM by default), saved as an author would."""
    base = await create(client, token, "Seed")
    draft_id = uuid.UUID(base.rsplit("/", 1)[1])
    row = await Draft.objects().where(Draft.id == draft_id).first()
    assert row is not None
    state = await drafts.get(row.organisation, draft_id)
    await drafts.save(state, definition or SIGNED_FORM, actor="test", summary="seed")
    return base


async def definition_of(base: str) -> dict[str, Any]:
    row = (
        await Draft.select(Draft.definition)
        .where(Draft.id == uuid.UUID(base.rsplit("/", 1)[1]))
        .output(load_json=True)
        .first()
    )
    assert row is not None
    return row["definition"]


ANSWERS = re.compile(r'name="answers" value="([^"]*)"')


def answers_in(html: str) -> str:
    match = ANSWERS.search(html)
    assert match, "no answers field"
    return unescape(match.group(1))
