"""A role the organisation signs with its company stamp, made in the roles panel (it was
JSON-only, docs/stamps.md): the box sets `"organisation": true`, makes the role a signer
with no identity check (what the publish check asks of it), the palette offers the company
stamp from then on, and undo takes it back like any other role property."""

from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import Author, hx, sign_in
from tests.integration.designer.helpers import definition_of, seeded

PALETTE_STAMP = 'data-component="stamp"'
COMPANY = {"item": "role:company", "tab": "roles", "name": "Company", "key": "company"}


async def test_a_role_is_marked_as_signed_by_the_organisation(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    base = await seeded(client, token)
    await client.post(f"{base}/roles", data={"kind": "approver"}, headers=hx(token))
    named = await client.post(
        f"{base}/properties",
        data=COMPANY | {"item": "role:approver", "kind": "approver", "identity": "email_code"},
        headers=hx(token),
    )
    assert named.status_code == 200
    panel = (await client.get(f"{base}/roles", params={"select": "role:company"})).text
    assert "Signed by the organisation with its company stamp" in panel
    assert 'id="prop-organisation" name="organisation" value="on"' in panel
    assert 'aria-describedby="organisation-hint" checked' not in panel
    assert PALETTE_STAMP not in (await client.get(f"{base}/edit")).text

    # the panel posts the whole form: the hidden kind and identity come along, and give way
    marked = await client.post(
        f"{base}/properties",
        data=COMPANY | {"kind": "approver", "identity": "email_code", "organisation": "on"},
        headers=hx(token),
    )
    assert marked.status_code == 200
    company = (await definition_of(base))["roles"][1]
    assert company == {"key": "company", "name": "Company", "stage": 2, "organisation": True}
    panel = (await client.get(f"{base}/roles", params={"select": "role:company"})).text
    assert 'aria-describedby="organisation-hint" checked' in panel
    assert "Nobody gets a link" in panel and "applied automatically" in panel
    assert "by hand on the envelope’s page" in panel
    assert "give it a Company stamp field" in panel  # what its step needs, for this role
    # the palette offers the company stamp as soon as the role is marked
    assert PALETTE_STAMP in (await client.get(f"{base}/edit")).text

    undone = await client.post(f"{base}/undo", data={"select": "role:company"}, headers=hx(token))
    assert undone.status_code == 200
    company = (await definition_of(base))["roles"][1]
    assert "organisation" not in company and company["identity"] == "email_code"
    assert PALETTE_STAMP not in (await client.get(f"{base}/edit")).text
    await client.post(f"{base}/redo", data={"select": "role:company"}, headers=hx(token))
    assert (await definition_of(base))["roles"][1].get("organisation") is True

    # unticked (a checkbox posts nothing), it is a person's role again
    await client.post(f"{base}/properties", data=COMPANY | {"kind": "signer"}, headers=hx(token))
    assert "organisation" not in (await definition_of(base))["roles"][1]
