"""The send form's "Filled in for them" boxes say whose question each is: with two roles,
"Email address" alone read like a second copy of a recipient's Email box."""

import html
import json
import re
from typing import Any

from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from tests.integration.designer.conftest import Author, sign_in


def lease() -> dict[str, Any]:
    roles = [("landlord", "Landlord"), ("tenant", "Tenant")]
    return {
        "name": "Lease",
        "language": "en",
        "roles": [{"key": k, "name": n, "kind": "signer"} for k, n in roles],
        "sections": [
            {
                "key": f"{k}_step",
                "title": n,
                "role": k,
                "fields": [
                    {
                        "key": f"{k}_email",
                        "component": "email",
                        "label": "Email address",
                        "prefill": {"source": "api"},
                    },
                    {"key": f"{k}_sig", "component": "signature", "label": "Signature"},
                ],
            }
            for k, n in roles
        ],
        "document": [{"kind": "heading", "text": "Lease", "level": 1}]
        + [{"kind": "signature", "role": k, "field": f"{k}_sig"} for k, _ in roles],
    }


async def test_each_prefilled_question_names_its_role(
    client: AsyncTestClient, author: Author
) -> None:
    await sign_in(client, author)
    key = await create_api_key(author.organisation_id, "t")
    made = await client.post(
        "/api/v1/templates",
        content=json.dumps(lease()).encode(),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    assert made.status_code == 201, made.text
    page = (await client.get(f"/designer/envelopes/new?template_id={made.json()['id']}")).text
    labels = [
        html.unescape(" ".join(re.sub(r"<[^>]+>", "", label).split()))
        for label in re.findall(r'<label[^>]*for="prefill-[^"]*">(.*?)</label>', page, re.S)
    ]
    assert labels == ["Landlord’s question: Email address", "Tenant’s question: Email address"]
