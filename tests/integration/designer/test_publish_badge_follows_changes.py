"""The editor bar's badges (the draft's state and the publish check) follow every change,
not only a property typed in the right pane. A supplier form's author added the last
signature a role lacked and the bar still said "1 problem to fix"; undoing it left "Ready";
a field added after publishing left "v1 live · up to date"."""

import re

from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import seeded


def _badges(html: str) -> str:
    """The text of the bar's badges the answer swaps in (empty when it swaps none)."""
    found = re.search(
        r'<span id="publish-state" hx-swap-oob="innerHTML">(.*?)</span>\s*$', html, re.S
    )
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()) if found else ""


async def test_adding_deleting_and_undoing_update_the_bar(
    client: AsyncTestClient, signed_in: str
) -> None:
    token = signed_in
    base = await seeded(client, token)  # ready to publish: one signer with a signature
    deleted = await client.post(f"{base}/fields/signature/delete", headers=hx(token))
    assert deleted.status_code == 200, deleted.text
    assert _badges(deleted.text) == "Draft, never published 1 problem to fix"
    undone = await client.post(f"{base}/undo", data={"select": ""}, headers=hx(token))
    assert undone.status_code == 200, undone.text
    assert "Ready to publish" in _badges(undone.text)

    published = await client.post(f"{base}/publish", data={"_csrf_token": token})
    assert published.status_code == 303, published.text
    added = await client.post(
        f"{base}/fields", data={"component": "text", "section": "details"}, headers=hx(token)
    )
    assert added.status_code == 200, added.text
    assert _badges(added.text).startswith("v1 live · unpublished changes")
    role = await client.post(f"{base}/roles", data={"kind": "signer"}, headers=hx(token))
    assert role.status_code == 200, role.text
    assert "1 problem to fix" in _badges(role.text)  # the new signer has no signature yet
