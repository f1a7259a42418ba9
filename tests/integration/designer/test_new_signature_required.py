"""A new Signature field starts required: a contract signature that may be left out by
default surprises the author and the other party alike."""

import pytest
from litestar.testing import AsyncTestClient

from designer.publishing.lint import lint
from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import definition_of, seeded


@pytest.mark.parametrize("component", ["signature", "initials"])
async def test_a_new_signature_starts_required(
    client: AsyncTestClient, signed_in: str, component: str
) -> None:
    """Initials too: they acknowledge a clause, which an optional box would not."""
    token = signed_in
    base = await seeded(client, token)
    before = {(p.where, p.message) for p in lint(await definition_of(base))}
    added = await client.post(
        f"{base}/fields", data={"component": component, "section": "details"}, headers=hx(token)
    )
    assert added.status_code == 200, added.text
    d = await definition_of(base)
    field = d["sections"][0]["fields"][-1]  # the one added (the seed has a signature already)
    assert field["component"] == component
    assert field["required"] is True
    assert {(p.where, p.message) for p in lint(d)} <= before  # no new warning for it
    panel = await client.get(f"{base}/properties?select=field:{field['key']}")
    assert 'id="prop-required" name="required" value="on" checked' in panel.text
    text = await client.post(
        f"{base}/fields", data={"component": "text", "section": "details"}, headers=hx(token)
    )
    assert text.status_code == 200
    d = await definition_of(base)
    assert "required" not in d["sections"][0]["fields"][-1]  # other questions start optional
