"""The company stamp in the form editor: offered in the palette only by a template with an
organisation role (the only role that can apply one: elsewhere the publish check refused it
later); its panel chooses among the organisation's stamps instead of a bare box for an id,
asks no "Required" (nobody answers it) and no "Help text" (no signer sees it), and says so when its step is another role's."""

from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import Author, sign_in
from tests.integration.designer.helpers import create, seeded
from tests.integration.stamps.helpers import stamp_definition, stamp_png

PALETTE_STAMP = 'data-component="stamp"'


async def test_the_palette_offers_a_stamp_only_where_a_role_can_apply_it(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    plain = await create(client, token, "No organisation role")
    assert PALETTE_STAMP not in (await client.get(f"{plain}/edit")).text
    stamped = await seeded(client, token, stamp_definition())
    page = (await client.get(f"{stamped}/edit")).text
    assert PALETTE_STAMP in page
    # nobody answers it: the canvas does not call it optional either
    assert 'Company stamp <span class="preview__optional">' not in page


async def test_the_stamp_panel_chooses_a_stamp_and_asks_no_required(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    uploaded = await client.post(
        "/designer/settings/stamps",
        data={"_csrf_token": token, "name": "Round seal", "auto_sign": "1"},
        files={"image": ("stamp.png", stamp_png(), "image/png")},
    )
    assert uploaded.status_code == 303, uploaded.text
    base = await seeded(client, token, stamp_definition())
    panel = (await client.get(f"{base}/properties?select=field:company_stamp")).text
    assert "Required: the signer must answer" not in panel
    assert 'id="prop-help"' not in panel  # no signer ever sees a stamp's help text
    assert 'id="prop-label"' in panel
    assert 'hx-get="' + base + "/stamp-choices?value=" in panel
    assert "Only the role the organisation signs as" not in panel  # its own role's step
    choices = (await client.get(f"{base}/stamp-choices?value=")).text
    assert '<option value="" selected>The organisation’s default stamp' in choices
    assert "Round seal (the default now)</option>" in choices
    # a stamp chosen once and retired since stays chosen, and says so
    gone = (await client.get(f"{base}/stamp-choices?value=retired-id")).text
    assert '<option value="retired-id" selected>A stamp that is no longer active' in gone

    # moved into the customer's step: the panel says nobody there could apply it
    definition = stamp_definition()
    definition["sections"][0]["fields"].append(definition["sections"][-1]["fields"].pop())
    definition["sections"].pop()
    definition["document"].pop()
    moved = await seeded(client, token, definition)
    panel = (await client.get(f"{moved}/properties?select=field:company_stamp")).text
    assert "Only the role the organisation signs as applies a company stamp" in panel
