"""Sending from the designer in the integration tests: a template and an envelope to send,
signers who sign in turn, and the failed invitations the problems page lists."""

from typing import Any

from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from runtime.tables import Job
from tests.integration.conftest import (
    DEMO,
    Org,
    create_envelope,
    csrf_from,
    import_template,
    open_link,
)
from tests.integration.designer.conftest import Author

ANN = "ann.resend@example.com"


async def _setup(client: AsyncTestClient, author: Author) -> tuple[Org, dict, dict]:
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "t"))
    template = await import_template(client, org)
    envelope = await create_envelope(
        client,
        org,
        template["id"],
        recipients=[{"role": "customer", "name": "Ann Resend", "email": ANN}],
        sender_email=author.email,
    )
    return org, template, envelope


PEOPLE = [("legal", "Legal"), ("finance", "Finance"), ("ceo", "CEO")]


def in_turn() -> dict[str, Any]:
    """Legal signs first, then Finance, then the CEO."""
    return {
        "name": "NDA in turn",
        "language": "en",
        "roles": [
            {"key": k, "name": n, "kind": "signer", "stage": i + 1}
            for i, (k, n) in enumerate(PEOPLE)
        ],
        "sections": [
            {
                "key": f"{k}_sign",
                "title": "Sign",
                "role": k,
                "fields": [{"key": f"{k}_sig", "component": "signature", "label": "Signature"}],
            }
            for k, _ in PEOPLE
        ],
        "document": [{"kind": "heading", "text": "NDA", "level": 1}]
        + [{"kind": "signature", "role": k, "field": f"{k}_sig"} for k, _ in PEOPLE],
    }


async def _sign(client: AsyncTestClient, link: str, key: str, name: str) -> None:
    page = await open_link(client, link)
    token = csrf_from(page.text)
    step = await client.post(
        f"{link}/step/1", data={"_csrf_token": token, f"{key}_sig__typed": name}
    )
    assert step.status_code == 303, step.text
    done = await client.post(f"{link}/finish", data={"_csrf_token": token})
    assert done.status_code == 303, done.text


async def _template(client: AsyncTestClient, author: Author) -> str:
    key = await create_api_key(author.organisation_id, "t")
    response = await client.post(
        "/api/v1/templates",
        content=DEMO.read_bytes(),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    assert response.status_code == 201
    return response.json()["id"]


URL = "/designer/settings/problems"


async def _mail_job(recipient_id: str) -> dict:
    jobs = await Job.select().where(Job.kind == "mail").output(load_json=True)
    return next(j for j in jobs if j["payload"].get("recipient_id") == recipient_id)


async def _envelope(client: AsyncTestClient, org: Org, email: str) -> tuple[dict, dict]:
    template = await import_template(client, org)
    envelope = await create_envelope(
        client,
        org,
        template["id"],
        recipients=[{"role": "customer", "name": "Ana", "email": email}],
    )
    return envelope, await _mail_job(envelope["recipients"][0]["id"])
