"""Finding one's way in a long contract (30 sections, 60 fields): a field's "Used by" and the
publish check name a clause by its number and first words, as the PDF numbers it, and link
to it; they said "document block 112", a number the document tab shows nowhere."""

import re

from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import seeded
from tests.long_contract import block_index, long_contract


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).replace("&#39;", "'")


async def test_used_by_names_and_links_the_clause_that_quotes_a_field(
    client: AsyncTestClient, signed_in: str
) -> None:
    definition = long_contract()
    base = await seeded(client, signed_in, definition)
    quoting = block_index(definition, "guarantees")
    props = await client.get(
        f"{base}/properties?select=field:guarantor_name", headers=hx(signed_in)
    )
    assert props.status_code == 200, props.text
    used_by = props.text[props.text.index("Used by") :]
    assert f'<a href="{base}/document?select=block%3A{quoting}">' in used_by
    assert "Clause 28.2 “[Guarantor name] guarantees the Client's obligations”" in _text(used_by)
    assert "document block" not in props.text

    rule = await client.get(f"{base}/properties?select=field:auto_renew", headers=hx(signed_in))
    ruled = block_index(definition, "It renews")
    assert f'<a href="{base}/document?select=block%3A{ruled}">' in rule.text
    assert "The rule of clause 20.1 “It renews for further terms of twelve months”" in _text(
        rule.text
    )

    block = await client.get(
        f"{base}/properties?tab=document&select=block:{quoting}", headers=hx(signed_in)
    )
    assert '<span class="pane__kind">clause 28.2</span>' in block.text
    conditional = await client.get(
        f"{base}/properties?tab=document&select=block:{ruled}", headers=hx(signed_in)
    )
    # a conditional clause's title does not say "clause" twice
    assert 'Conditional paragraph <span class="pane__kind">clause 20.1</span>' in conditional.text


async def test_the_publish_check_names_the_clause_with_a_broken_merge_field(
    client: AsyncTestClient, signed_in: str
) -> None:
    definition = long_contract()
    quoting = block_index(definition, "guarantees")
    definition["document"][quoting]["html"] = "<p>{{ guarantor_nam }} guarantees it.</p>"
    definition["sections"][1]["fields"][0]["visible_if"] = {"==": [{"var": "gone"}, True]}
    base = await seeded(client, signed_in, definition)
    page = await client.get(f"{base}/publish")
    text = _text(page.text)
    assert "Clause 28.2 “{{ guarantor_nam }} guarantees it”: It quotes {{ guarantor_nam }}" in text
    assert f'href="{base}/document?select=block%3A{quoting}' in page.text
    # the end of a path in words: "its rule", not "visible if, var"
    assert "Step 2 “Step 2 details”, field “Address line 1”, its rule: " in text
    assert "document block" not in text and "visible if" not in text
