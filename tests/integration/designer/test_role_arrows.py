"""The role card's arrows: alone in the first stage, "up" changed nothing yet looked usable
(and "down" alone in the last stage); both are off there and say why to a screen reader.
With others in its stage, "up" still makes the role act before them (a new first stage)."""

import copy
import re

from litestar.testing import AsyncTestClient

from tests.integration.designer.helpers import SIGNED_FORM, seeded


def _arrows(page: str, name: str) -> dict[str, str]:
    """The up and down buttons of the card named `name`, by data-move."""
    card = page.split(f'<p class="role-card__name">{name}</p>', 1)[1].split("</li>", 1)[0]
    return dict(re.findall(r'<button[^>]*data-move="(up|down)"([^>]*>.*?)</button>', card))


async def test_arrows_that_would_change_nothing_are_off_and_say_why(
    client: AsyncTestClient, signed_in: str
) -> None:
    definition = copy.deepcopy(SIGNED_FORM)
    definition["roles"] = [
        {"key": "client", "name": "Client", "kind": "signer", "stage": 1},
        {"key": "witness", "name": "Witness", "kind": "signer", "stage": 2},
        {"key": "notary", "name": "Notary", "kind": "signer", "stage": 2},
    ]
    base = await seeded(client, signed_in, definition)
    page = (await client.get(f"{base}/roles")).text

    client_arrows = _arrows(page, "Client")
    assert " disabled" in client_arrows["up"]
    assert "Client cannot act earlier: nobody acts before them" in client_arrows["up"]
    assert "hx-post" not in client_arrows["up"]
    assert " disabled" not in client_arrows["down"] and "Client acts later" in client_arrows["down"]

    # two roles share the last stage: each may still act earlier, or later (a new stage)
    for name in ("Witness", "Notary"):
        arrows = _arrows(page, name)
        assert " disabled" not in arrows["up"] + arrows["down"], name

    definition["roles"][2]["stage"] = 3
    base = await seeded(client, signed_in, definition)
    notary = _arrows((await client.get(f"{base}/roles")).text, "Notary")
    assert " disabled" in notary["down"] and "nobody acts after them" in notary["down"]
    assert " disabled" not in notary["up"]


async def test_a_copy_says_when_it_goes_out_whatever_its_stage(
    client: AsyncTestClient, signed_in: str
) -> None:
    """A role that receives a copy sits in a stage like the others (a new one is added after
    everyone), but gets the sealed PDF only when everyone has finished: its card says so,
    so "Stage 2" above a signer of stage 3 does not read as a copy sent half-way."""
    definition = copy.deepcopy(SIGNED_FORM)
    definition["roles"] = [
        {"key": "client", "name": "Client", "kind": "signer", "stage": 1},
        {"key": "accounts", "name": "Accounts", "kind": "cc", "stage": 2},
        {"key": "witness", "name": "Witness", "kind": "signer", "stage": 3},
    ]
    base = await seeded(client, signed_in, definition)
    page = (await client.get(f"{base}/roles")).text
    card = page.split('<p class="role-card__name">Accounts</p>', 1)[1].split("</li>", 1)[0]
    assert "gets the sealed PDF once everyone has finished" in card
    client_card = page.split('<p class="role-card__name">Client</p>', 1)[1].split("</li>", 1)[0]
    assert "sealed PDF" not in client_card
