"""The settings of a file upload as a legal author types them: endings without their dot
(`pdf, docx`, as anyone writes them), a size in MB over the limit, fewer "Most files" than
"Fewest files". Each used to be saved and then refused only on the publish page, in the
engine's words ('Must be a list of extensions or media types, like [".pdf", "image/*"]',
'Must be between 1 and 104857600', 'Must not be more than validation.max_files')."""

from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import PANEL, _upload, definition_of


async def _validation(base: str) -> dict[str, Any]:
    field = (await definition_of(base))["sections"][0]["fields"][0]
    return dict(field.get("validation") or {})


async def test_file_endings_without_a_dot_are_understood(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await _upload(client, signed_in)
    saved = await client.post(
        f"{base}/properties",
        data={**PANEL, "validation_accept": "pdf, *.DOCX, .png, image/*"},
        headers=hx(signed_in),
    )
    assert saved.status_code == 200, saved.text
    assert (await _validation(base))["accept"] == [".pdf", ".docx", ".png", "image/*"]
    assert "accept" not in (await client.get(f"{base}/publish")).text

    refused = await client.post(
        f"{base}/properties",
        data={**PANEL, "validation_accept": "pdf, Word documents"},
        headers=hx(signed_in),
    )
    assert refused.status_code == 422
    assert "“Word documents” is not a file ending: write endings like .pdf, .docx." in (
        refused.text
    )


async def test_sizes_and_counts_that_cannot_work_are_refused_in_words(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await _upload(client, signed_in)
    too_big = await client.post(
        f"{base}/properties", data={**PANEL, "validation_max_size": "500"}, headers=hx(signed_in)
    )
    assert too_big.status_code == 422
    assert "Largest file (MB) must be more than 0 and at most 100." in too_big.text
    assert too_big.headers["x-invalid-boxes"] == "prop-v-max_size"
    fine = await client.post(
        f"{base}/properties", data={**PANEL, "validation_max_size": "25"}, headers=hx(signed_in)
    )
    assert fine.status_code == 200, fine.text
    assert (await _validation(base))["max_size"] == 25_000_000  # MB of 1,000,000 bytes

    counts = {"validation_min_files": "3", "validation_max_files": "1"}
    crossed = await client.post(
        f"{base}/properties", data={**PANEL, **counts}, headers=hx(signed_in)
    )
    assert crossed.status_code == 422
    assert "Fewest files (3) is more than Most files (1): change one of them." in crossed.text
    # the message goes beside one of these boxes, not beside another one changed meanwhile
    assert crossed.headers["x-invalid-boxes"] == "prop-v-min_files prop-v-max_files"
    assert "min_files" not in await _validation(base)
    counts["validation_max_files"] = "5"
    both = await client.post(f"{base}/properties", data={**PANEL, **counts}, headers=hx(signed_in))
    assert both.status_code == 200, both.text
    assert (await _validation(base))["min_files"] == 3


@pytest.mark.parametrize(
    ("box", "typed", "said"),
    [
        pytest.param("min_files", "-3", "Fewest files must be between 0 and 50.", id="negative"),
        pytest.param("max_files", "0", "Most files must be between 1 and 50.", id="zero-most"),
        pytest.param("max_files", "500", "Most files must be between 1 and 50.", id="too-many"),
    ],
)
async def test_a_count_the_field_cannot_take_is_refused_beside_its_box(
    client: AsyncTestClient, signed_in: str, box: str, typed: str, said: str
) -> None:
    """It was saved ("All changes saved"), and only the publish check said it was wrong."""
    base = await _upload(client, signed_in)
    refused = await client.post(
        f"{base}/properties", data={**PANEL, f"validation_{box}": typed}, headers=hx(signed_in)
    )
    assert refused.status_code == 422
    assert refused.text == said
    assert refused.headers["x-invalid-boxes"] == f"prop-v-{box}"
    assert box not in await _validation(base)
