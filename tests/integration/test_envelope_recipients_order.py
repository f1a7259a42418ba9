"""An envelope's recipients come in signing order, then in the template's order of roles,
however often their rows were written: PostgreSQL moves a row it updates, so two signers of
one stage swapped places in GET /api/v1/envelopes/{id} once the first had opened the link
(a client reading `recipients[0]` got the other signer's link), or once her link was sent
again. SQLite and PostgreSQL."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import (
    Org,
    create_envelope,
    csrf_from,
    import_template,
    open_link,
    path_of,
)
from tests.integration.helpers import APPROVED, TYPED

ROLES = ["customer", "guarantor", "manager"]


async def test_recipients_keep_their_order_after_a_signer_acts(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org, APPROVED)
    envelope = await create_envelope(
        client,
        org,
        template["id"],
        recipients=[
            {"role": "customer", "name": "Cara", "email": "cara@example.com"},
            {"role": "guarantor", "name": "Gil", "email": "gil@example.com"},
            {"role": "manager", "name": "Max", "email": "max@example.com"},
        ],
        prefill={},
    )
    assert [r["role"] for r in envelope["recipients"]] == ROLES
    link = path_of(envelope["recipients"][0]["signing_url"])
    token = csrf_from((await open_link(client, link)).text)  # Cara's row is written: viewed
    await client.post(f"{link}/step/1", data={"_csrf_token": token, **TYPED["customer"]})
    url = f"/api/v1/envelopes/{envelope['id']}"
    cara = envelope["recipients"][0]["id"]
    # a new link for Cara: her row's token hash, an indexed column, moves it (not a HOT update)
    assert (await client.post(f"{url}/recipients/{cara}/resend", headers=org.auth)).is_success
    for _ in range(3):
        got = (await client.get(url, headers=org.auth)).json()
        assert [r["role"] for r in got["recipients"]] == ROLES
        assert [r["name"] for r in got["recipients"]] == ["Cara", "Gil", "Max"]
    assert got["recipients"][0]["status"] == "viewed"
