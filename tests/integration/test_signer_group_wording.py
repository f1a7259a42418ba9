"""A repeating group's buttons and messages read naturally in the signer's language: the
author's row label is never put after a gendered French word ("Ajouter une autre
directeur"), and the row messages are translated, not left in English."""

import copy
from typing import Any

from litestar.testing import AsyncTestClient

from tests.integration.conftest import SIGN_STEP, Org, opened_envelope
from tests.integration.helpers import BOARD


def board(**validation: Any) -> dict[str, Any]:
    definition = copy.deepcopy(BOARD)
    group = definition["sections"][0]["fields"][0]
    group["validation"] = validation
    group["fields"] = [
        {"key": "name", "component": "text", "label": "Nom", "required": True},
        {"key": "role", "component": "text", "label": "Fonction"},
    ]
    definition["sections"].append(SIGN_STEP)
    return definition


async def french_step(client: AsyncTestClient, link: str) -> str:
    await client.post(f"{link}/language", data={"language": "fr", "return": f"{link}/step/1"})
    return (await client.get(f"{link}/step/1")).text


async def test_french_buttons_and_messages_with_a_row_label(
    client: AsyncTestClient, org: Org
) -> None:
    link = await opened_envelope(client, org, board(row_label="Directeur", min_rows=2))
    page = await french_step(client, link)
    assert "Ajouter une ligne\u00a0: directeur" in page
    assert "une autre" not in page
    # one row filled, one asked for by min_rows left empty; then a row half filled
    short = await client.post(f"{link}/step/1", data={"directors__0__name": "Anne"})
    assert "Ajoutez au moins 2 lignes\u00a0: «\u00a0directeur\u00a0»" in short.text
    assert "Add at least" not in short.text
    half = await client.post(
        f"{link}/step/1",
        data={"directors__0__name": "Anne", "directors__1__role": "Trésorier"},
    )
    assert "Directeur 2\u00a0: Saisissez «\u00a0nom\u00a0»" in half.text
    assert "Enter Nom" not in half.text


ROW_BUTTONS = {  # without a row label: "Add another row" and "Remove row 1"
    "fr": ("Ajouter une ligne", "Supprimer la ligne 1"),
    "ms": ("Tambah baris lain", "Buang baris 1"),
    "vi": ("Thêm dòng khác", "Xóa dòng 1"),
    "zh_CN": ("再添加一行", "删除第 1 行"),
    "en": ("Add another row", "Remove row 1"),
}


async def test_without_a_row_label_every_language_says_row(
    client: AsyncTestClient, org: Org
) -> None:
    definition = board()
    definition["sections"][0]["fields"][0]["required"] = False  # its one row can go
    link = await opened_envelope(client, org, definition)
    for language, (add, remove) in ROW_BUTTONS.items():
        await client.post(f"{link}/language", data={"language": language, "return": link})
        page = (await client.get(f"{link}/step/1")).text
        assert f">{add}</button>" in page, language
        assert f">{remove}</button>" in page, language
