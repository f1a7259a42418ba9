"""A person who gets a copy, on an envelope that ended without one: their row said 'Gets a
copy · The sealed PDF is mailed when everyone has finished' after the envelope was voided
(or declined, expired), where no sealed PDF will ever come; the envelope list said '— gets a
copy'."""

import re

from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from tests.integration.conftest import Org, create_envelope, demo_definition, import_template
from tests.integration.designer.conftest import Author, sign_in


def _row(page: str, name: str) -> str:
    row = next(r for r in page.split("<tr>") if name in r).split("</tr>")[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()


async def test_a_copy_is_not_promised_once_the_envelope_is_voided(
    client: AsyncTestClient, author: Author
) -> None:
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "tests"))
    definition = demo_definition()
    definition["roles"].append({"key": "hr", "name": "HR", "kind": "cc"})
    template = await import_template(client, org, definition)
    people = [
        {"role": "customer", "name": "Alex Example", "email": "alex@example.com"},
        {"role": "hr", "name": "Harriet Copy", "email": "hr@example.com"},
    ]
    envelope = await create_envelope(client, org, template["id"], recipients=people)
    await sign_in(client, author)
    url = f"/designer/envelopes/{envelope['id']}"
    assert "Gets a copy" in _row((await client.get(url)).text, "Harriet Copy")

    voided = await client.post(
        f"/api/v1/envelopes/{envelope['id']}/void", json={"reason": "Sent twice"}, headers=org.auth
    )
    assert voided.status_code == 200, voided.text
    row = _row((await client.get(url)).text, "Harriet Copy")
    assert "No copy: the envelope was voided" in row
    assert "mailed when everyone has finished" not in row
    listing = (await client.get("/designer/envelopes")).text
    assert 'Harriet Copy <span class="hint">— no copy</span>' in listing
