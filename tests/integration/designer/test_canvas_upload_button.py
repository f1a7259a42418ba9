"""The designer's canvas sketched every file upload with "Choose file", also one that takes up
to 5 files, where the signer sees "Choose files": it now shows the signer's button text."""

import re

from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import PANEL, _upload


def _button(editor: str) -> str:
    found = re.search(r'<span class="preview__input preview__input--file">(.*?)</span>', editor)
    assert found, "no file upload on the canvas"
    return found.group(1)


async def test_the_canvas_shows_the_signers_button(client: AsyncTestClient, signed_in: str) -> None:
    base = await _upload(client, signed_in)
    assert _button((await client.get(f"{base}/edit")).text) == "Choose a file"
    saved = await client.post(
        f"{base}/properties", data={**PANEL, "validation_max_files": "5"}, headers=hx(signed_in)
    )
    assert saved.status_code == 200, saved.text
    assert _button((await client.get(f"{base}/edit")).text) == "Choose files"
    assert _button(saved.text) == "Choose files", "the canvas the save sends back"
