"""The designer's envelope list and the archive search list an envelope's people in
signing order, then in the template's order of roles, as GET /api/v1/envelopes/{id} does:
they ordered by stage only, and PostgreSQL moves a row it updates, so once a signer's link
was sent again (a new token hash, an indexed column) she came after the other signer of her
stage. SQLite and PostgreSQL."""

from litestar.testing import AsyncTestClient

from designer.sending.service import people_of
from tests.integration.conftest import Org, create_envelope, import_template
from tests.integration.helpers import APPROVED

PEOPLE = [
    {"role": "customer", "name": "Cara", "email": "cara@example.com"},
    {"role": "guarantor", "name": "Gil", "email": "gil@example.com"},
    {"role": "manager", "name": "Max", "email": "max@example.com"},
]


async def test_envelope_lists_keep_the_order_after_a_link_is_sent_again(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org, APPROVED)
    envelope = await create_envelope(client, org, template["id"], recipients=PEOPLE, prefill={})
    url = f"/api/v1/envelopes/{envelope['id']}"
    for person in envelope["recipients"][:2]:  # both signers of the first stage, Cara last
        resent = await client.post(f"{url}/recipients/{person['id']}/resend", headers=org.auth)
        assert resent.is_success
    cara = envelope["recipients"][0]["id"]
    assert (await client.post(f"{url}/recipients/{cara}/resend", headers=org.auth)).is_success
    names = ["Cara", "Gil", "Max"]
    for _ in range(3):
        listed = (await people_of([envelope["id"]]))[envelope["id"]]
        assert [p["name"] for p in listed] == names
        found = await client.get("/api/v1/envelopes/search", headers=org.auth)
        assert found.status_code == 200, found.text
        (item,) = [i for i in found.json()["items"] if i["id"] == envelope["id"]]
        assert [r["name"] for r in item["recipients"]] == names
        assert [r["role"] for r in item["recipients"]] == ["customer", "guarantor", "manager"]
