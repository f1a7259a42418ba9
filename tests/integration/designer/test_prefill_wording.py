"""A tick-box field's Prefill read "Nobody: the signer types it": nobody types a tick. The
choice says what holds for every kind of field the panel offers it for."""

from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import seeded


async def test_nobody_prefills_and_the_signer_answers(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in)
    panel = await client.get(f"{base}/properties?select=field:client_type", headers=hx(signed_in))
    assert panel.status_code == 200, panel.text
    assert ">Nobody: the signer answers it</option>" in panel.text
    assert "the signer types it" not in panel.text


async def test_a_signed_link_as_prefill_says_what_it_is_and_where_it_works(
    client: AsyncTestClient, signed_in: str
) -> None:
    """ "A parameter of the signed link" told a legal author neither what a signed link is
    nor which name it gives the answer; the hint shows with that choice (and is hidden, for
    designer-editor.js to show, with the others)."""
    base = await seeded(client, signed_in)
    hint = "A link your developers make for one signer (a signed prefill link, through the API)"
    panel = await client.get(f"{base}/properties?select=field:full_name", headers=hx(signed_in))
    assert f'<p class="prop__hint" data-prefill-when="url" hidden>{hint}' in panel.text
    chosen = await client.post(
        f"{base}/properties",
        data={
            "item": "field:full_name",
            "label": "Full name",
            "key": "full_name",
            "prefill_source": "url",
            "owner": "client",
        },
        headers=hx(signed_in),
    )
    assert chosen.status_code == 200, chosen.text
    panel = await client.get(f"{base}/properties?select=field:full_name", headers=hx(signed_in))
    assert f'<p class="prop__hint" data-prefill-when="url">{hint}' in panel.text
    assert "they name it by the field's key, under <em>Key</em> above" in panel.text
    assert "the one person the template needs (copies aside)" in panel.text
