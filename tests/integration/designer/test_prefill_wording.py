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
