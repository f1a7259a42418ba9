"""A supplier agreement's author gave the Finance controller's signature block the field
“Signature — Supplier”: it was saved, passed the publish check, and the sealed PDF would
have shown the Supplier's signature above the Finance controller's name. The editor now
refuses it beside the field's box, and the publish check names a block saved before."""

import copy
import re
from typing import Any

from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import SIGNED_FORM, definition_of, seeded


def _two_signers() -> dict[str, Any]:
    d = copy.deepcopy(SIGNED_FORM)
    d["roles"].append(
        {"key": "finance", "name": "Finance controller", "kind": "signer", "stage": 2}
    )
    d["sections"].append(
        {
            "key": "finance_sign",
            "title": "Finance sign-off",
            "role": "finance",
            "fields": [
                {"key": "finance_signature", "component": "signature", "label": "Signature"}
            ],
        }
    )
    d["document"].append({"kind": "signature", "role": "finance"})
    return d


async def test_a_signature_block_shows_only_its_own_roles_signature(
    client: AsyncTestClient, signed_in: str
) -> None:
    token = signed_in
    base = await seeded(client, token, _two_signers())
    block = {"item": "block:3", "tab": "document", "role": "finance"}
    refused = await client.post(
        f"{base}/properties", data={**block, "field": "signature"}, headers=hx(token)
    )
    assert refused.status_code == 422
    assert refused.text == (
        "“Signature” is signed by Client, not Finance controller: choose a signature of "
        "Finance controller, or “Every signature of this role”."
    )
    assert refused.headers["x-invalid-boxes"] == "prop-sigfield"
    assert "field" not in (await definition_of(base))["document"][3]
    own = await client.post(
        f"{base}/properties", data={**block, "field": "finance_signature"}, headers=hx(token)
    )
    assert own.status_code == 200, own.text
    assert (await definition_of(base))["document"][3]["field"] == "finance_signature"


async def test_the_publish_check_names_a_block_saved_with_another_roles_signature(
    client: AsyncTestClient, signed_in: str
) -> None:
    token = signed_in
    d = _two_signers()
    d["document"][3]["field"] = "signature"  # saved before the editor refused it
    base = await seeded(client, token, d)
    page = await client.get(f"{base}/publish")
    assert "This signature block of Finance controller shows “Signature”, which Client" in (
        page.text
    )
    assert "1 problem to fix before publishing" in page.text


async def test_the_signature_list_offers_only_the_blocks_roles_signatures(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in, _two_signers())
    panel = await client.get(
        f"{base}/properties?select=block:3&tab=document", headers=hx(signed_in)
    )
    assert panel.status_code == 200, panel.text
    listed = re.findall(r'<option value="(\w+)" data-role="(\w+)"([^>]*)>', panel.text)
    offered = [key for key, _, attributes in listed if "hidden" not in attributes]
    assert offered == ["finance_signature"]  # the Client's "Signature" is not offered
    # the Client's stays in the page, hidden, for when the block is given to the Client
    assert ("signature", "client") in [(key, role) for key, role, _ in listed]
