"""What an author types in a file upload's *Largest file (MB)* box is what signers are
told: the box counts MB of 1,000,000 bytes (components/fields/file_limit.py). Typing 0.1
stored 104,857 bytes (0.1 x 1,048,576), which signers read as "up to 102.4 KB each", and
2.5 read "2.4 MB"; now 0.1 stores 100,000 bytes and signers read "100 KB"."""

import copy
import re
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from tests.integration.claim_form import CLAIM_FORM, PDF, opened_claim, upload
from tests.integration.conftest import Org
from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import PANEL, _upload, definition_of


def _box(page: str) -> str:
    found = re.search(r'<input[^>]*name="validation_max_size"[^>]*value="([^"]*)"', page)
    assert found, "no Largest file box"
    return found.group(1)


def _claim_form(validation: dict[str, Any]) -> dict[str, Any]:
    """The claim form whose receipts request takes the limit the designer stored."""
    form = copy.deepcopy(CLAIM_FORM)
    receipts = form["sections"][0]["fields"][1]
    assert receipts["key"] == "receipts"
    receipts["validation"]["max_size"] = validation["max_size"]
    return form


async def _typed(client: AsyncTestClient, token: str, base: str, box: str) -> Any:
    return await client.post(
        f"{base}/properties", data={**PANEL, "validation_max_size": box}, headers=hx(token)
    )


@pytest.mark.parametrize(
    ("box", "stored", "told"),
    [("0.1", 100_000, "100 KB"), ("2.5", 2_500_000, "2.5 MB"), ("5", 5_000_000, "5 MB")],
    ids=["0.1", "2.5", "5"],
)
async def test_the_box_as_typed_is_what_signers_read(
    client: AsyncTestClient, signed_in: str, org: Org, box: str, stored: int, told: str
) -> None:
    base = await _upload(client, signed_in)
    saved = await _typed(client, signed_in, base, box)
    assert saved.status_code == 200, saved.text
    field = (await definition_of(base))["sections"][0]["fields"][0]
    assert field["validation"]["max_size"] == stored
    panel = await client.get(f"{base}/properties?select=field:file_upload", headers=hx(signed_in))
    assert _box(panel.text) == box  # the box shows it as typed

    link, _ = await opened_claim(client, org, _claim_form(field["validation"]))
    page = (await client.get(f"{link}/step/1")).text
    assert f"PDF or PNG, up to {told} each." in page
    assert f'data-max-size="{stored}"' in page
    assert f'data-too-large="The selected file must be smaller than {told}"' in page
    if stored == 100_000:  # the refusal names it, and a file of exactly the limit goes
        over = await upload(client, f"{link}/files/receipts", "over.pdf", _pdf(stored + 1))
        assert over.status_code == 422
        assert f"The selected file must be smaller than {told} (over.pdf)" in over.text
        exactly = await upload(client, f"{link}/files/receipts", "exactly.pdf", _pdf(stored))
        assert exactly.status_code == 200, exactly.text


def _pdf(size: int) -> bytes:
    return PDF + b"0" * (size - len(PDF))


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
@pytest.mark.parametrize(
    ("box", "said"),
    [
        ("0.1024", "Largest file (MB) takes at most 3 decimals: 0.001 MB is 1 KB."),
        ("101", "Largest file (MB) must be more than 0 and at most 100."),
        ("0", "Largest file (MB) must be more than 0 and at most 100."),
    ],
    ids=["four-decimals", "over-100", "zero"],
)
async def test_a_figure_signers_could_not_read_as_typed_is_refused(
    client: AsyncTestClient, signed_in: str, box: str, said: str
) -> None:
    base = await _upload(client, signed_in)
    refused = await _typed(client, signed_in, base, box)
    assert said in refused.text
    assert "max_size" not in (await definition_of(base))["sections"][0]["fields"][0].get(
        "validation", {}
    )
