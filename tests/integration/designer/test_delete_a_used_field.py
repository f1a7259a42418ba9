"""Deleting a field a rule, a formula or the contract uses asks first, with what would stop
working: a supplier form's author deleted “Will you process personal data for us?” with
one click and learnt only on the publish page that the step “Data protection” and its
clause named a field that no longer existed. Unused fields still go at once."""

import html
import re

from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import seeded


def _confirm(page: str, key: str) -> str | None:
    """The question the delete button of field `key` asks (None: it asks nothing)."""
    button = re.search(rf'<button[^>]*hx-post="[^"]*/fields/{key}/delete"[^>]*>', page)
    assert button, key
    asked = re.search(r'hx-confirm="([^"]*)"', button.group(0))
    return html.unescape(asked.group(1)) if asked else None


async def test_deleting_a_used_field_says_what_would_stop_working(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in)
    page = (await client.get(f"{base}/edit")).text
    assert _confirm(page, "client_type") == (
        "Delete “Client type”? It is used by the condition of “Your company”. "
        "They stop working until you change them. You can undo this."
    )
    assert "used by clause 1" in (_confirm(page, "full_name") or "")  # its merge field
    assert _confirm(page, "company_name") is None  # nothing uses it: no question
    pane = (
        await client.get(f"{base}/properties?select=field:client_type", headers=hx(signed_in))
    ).text
    assert _confirm(pane, "client_type") == _confirm(page, "client_type")
