"""A file upload's *Largest file (MB)* box reads as the limit was set: a `max_size` of
100,000 bytes (set through the API or an import) showed 0.0953674, and saving the field
unchanged made it 0.0953674 x 1,048,576 = 99,999 bytes. It now shows 0.1 (a whole number
of KB or MB, in 1,000s or 1,024s, names that figure, as the signer's hint "up to 100 KB
each" does), and the stored bytes stay 100,000 until the author changes the box. A box the author
changes counts MB of 1,000,000 bytes (components/fields/file_limit.py)."""

import html
import re
import uuid
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from designer import drafts
from designer.tables import Draft
from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import PANEL, _upload, definition_of

MB = 1024 * 1024


async def _set_max_size(base: str, size: int) -> None:
    """As the API or an import would store it: bytes, not a figure typed in the box."""
    draft_id = uuid.UUID(base.rsplit("/", 1)[1])
    row = await Draft.objects().where(Draft.id == draft_id).first()
    assert row is not None
    state = await drafts.get(row.organisation, draft_id)
    definition: dict[str, Any] = await definition_of(base)
    definition["sections"][0]["fields"][0]["validation"] = {"max_size": size}
    await drafts.save(state, definition, actor="test", summary="import")


def _box(page: str) -> str:
    found = re.search(r'<input[^>]*name="validation_max_size"[^>]*value="([^"]*)"', page)
    assert found, "no Largest file box"
    return found.group(1)


async def _max_size(base: str) -> int:
    return (await definition_of(base))["sections"][0]["fields"][0]["validation"]["max_size"]


@pytest.mark.parametrize(
    ("size", "shown"),
    [(100_000, "0.1"), (204_800, "0.2"), (5_000_000, "5"), (20 * MB, "20"), (1_536 * 1024, "1.5")],
)
async def test_largest_file_reads_as_set_and_an_unchanged_save_keeps_the_bytes(
    client: AsyncTestClient, signed_in: str, size: int, shown: str
) -> None:
    base = await _upload(client, signed_in)
    await _set_max_size(base, size)
    panel = await client.get(f"{base}/properties?select=field:file_upload", headers=hx(signed_in))
    assert _box(panel.text) == shown
    # the author changes the label only; the box goes back as it was shown
    saved = await client.post(
        f"{base}/properties",
        data={**PANEL, "label": "Receipts", "validation_max_size": shown},
        headers=hx(signed_in),
    )
    assert saved.status_code == 200, saved.text
    assert await _max_size(base) == size
    assert f'data-box="prop-v-max_size" data-value="{shown}"' in saved.text


async def test_an_edited_largest_file_is_taken_in_mb_of_a_million_bytes(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await _upload(client, signed_in)
    await _set_max_size(base, 100_000)
    saved = await client.post(
        f"{base}/properties",
        data={**PANEL, "validation_max_size": "0.5"},
        headers=hx(signed_in),
    )
    assert saved.status_code == 200, saved.text
    assert await _max_size(base) == 500_000  # not 524,288: signers read "500 KB"


async def test_a_limit_above_100_mb_stored_before_reads_as_stored_and_blocks_publishing(
    client: AsyncTestClient, signed_in: str
) -> None:
    """100 MB is the most (the API's limit too). A draft holding 104,857,600 bytes (the old
    box's 100, of 1,048,576 bytes) shows 104.8576 in the box, not 100, and the publish check
    says why it cannot be published, linking to the box; typing 100 stores 100,000,000."""
    base = await _upload(client, signed_in)
    await _set_max_size(base, 104_857_600)
    panel = await client.get(f"{base}/properties?select=field:file_upload", headers=hx(signed_in))
    assert _box(panel.text) == "104.8576"
    review = html.unescape((await client.get(f"{base}/publish")).text)
    assert (
        "104.8576 MB (104,857,600 bytes) was allowed before 100 MB became the most a file "
        "upload takes: versions published before keep it, but to publish this one, type 100 "
        "or less."
    ) in review
    assert "box=prop-v-max_size" in review
    assert "field “File upload”, Largest file (MB)" in review  # the box, not "max size"
    helped = await client.post(  # another change keeps the bytes (the box as shown)
        f"{base}/properties",
        data={**PANEL, "help": "Receipts for the claim", "validation_max_size": "104.8576"},
        headers=hx(signed_in),
    )
    assert helped.status_code == 200, helped.text
    assert await _max_size(base) == 104_857_600
    lowered = await client.post(
        f"{base}/properties",
        data={**PANEL, "help": "Receipts for the claim", "validation_max_size": "100"},
        headers=hx(signed_in),
    )
    assert lowered.status_code == 200, lowered.text
    assert await _max_size(base) == 100_000_000
    assert "became the most" not in (await client.get(f"{base}/publish")).text
