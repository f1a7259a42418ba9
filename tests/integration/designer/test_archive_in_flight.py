"""Archiving a template whose envelopes are still out for signing: the library says they
carry on (and offers to restore), and the signer's link keeps working on its version."""

import uuid
from html import unescape

from litestar.testing import AsyncTestClient

from designer.tables import Draft
from runtime.accounts.service import create_api_key
from tests.integration.conftest import Org, create_envelope, import_template, open_link
from tests.integration.designer.conftest import Author, sign_in


async def test_archiving_says_envelopes_in_flight_carry_on(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "t"))
    template = await import_template(client, org)
    first = await create_envelope(client, org, template["id"])
    await create_envelope(client, org, template["id"])
    await client.get("/designer/templates")  # the library adopts the API's template
    row = await Draft.select(Draft.id).where(Draft.template == uuid.UUID(template["id"])).first()
    base = f"/designer/templates/{row['id']}"

    archived = await client.post(f"{base}/archive", data={"_csrf_token": token})
    assert archived.status_code == 303
    library = unescape((await client.get(archived.headers["location"])).text)
    assert "“Service agreement” is archived" in library
    assert "The 2 envelopes still out for signing carry on with the version they were" in library
    assert f'action="{base}/restore"' in library
    # The In use tab is empty, but does not pretend there are no templates at all.
    assert "No templates yet." not in library
    assert "1 archived template:" in library and 'href="/designer/templates?show=archived"' in (
        library
    )

    link = first["recipients"][0]["signing_url"]
    page = await open_link(client, link)
    assert page.status_code == 200 and "Your details" in page.text
