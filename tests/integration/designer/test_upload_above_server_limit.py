"""A file upload asking for more than the server takes is said at once: beside Largest file
in the field's settings, in the publish check ("Worth a look") and in the bar's count. An
author typed 25 MB and was told nothing, while the signer's step said 20 MB (the default
FORMSEAL_MAX_UPLOAD_BYTES)."""

import html
import re

from litestar.testing import AsyncTestClient

from designer.editor import check
from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import PANEL, _upload, definition_of

MB = 1024 * 1024
SAID = (
    "This server accepts files of at most 20 MB, so signers will be told 20 MB, not 25 MB. "
    "Lower Largest file to 20 MB or less, or ask your administrator to raise the server's "
    "limit (the FORMSEAL_MAX_UPLOAD_BYTES setting)."
)


def _warning(page: str) -> tuple[bool, str]:
    """(shown, words) of the warning beside Largest file."""
    found = re.search(r'<p class="prop__warning" id="prop-size-warning"([^>]*)>(.*?)</p>', page)
    assert found, "no place for the warning"
    return "hidden" not in found.group(1), html.unescape(found.group(2))


async def test_a_largest_file_above_the_servers_limit_is_warned_about(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await _upload(client, signed_in)
    saved = await client.post(
        f"{base}/properties", data={**PANEL, "validation_max_size": "25"}, headers=hx(signed_in)
    )
    assert saved.status_code == 200, saved.text
    assert _warning(saved.text) == (True, SAID)  # after the save, beside the box
    panel = await client.get(f"{base}/properties?select=field:file_upload", headers=hx(signed_in))
    assert _warning(panel.text) == (True, SAID)
    assert 'aria-describedby="prop-size-warning"' in panel.text
    editor = (await client.get(f"{base}/edit?select=field:file_upload")).text
    assert _warning(editor) == (True, SAID)
    # the bar counts it too (its badge reads "Ready · 1 warning" once nothing blocks)
    definition = await definition_of(base)
    assert check(definition, upload_cap=20 * MB)["warnings"] == check(definition)["warnings"] + 1

    review = (await client.get(f"{base}/publish")).text
    warnings = [
        html.unescape(" ".join(re.sub(r"<[^>]+>", " ", li).split()))
        for li in re.findall(r'<li><span class="badge badge--warning">.*?</li>', review, re.S)
    ]
    assert f"Warning Step 1 “Documents”, field “File upload” : {SAID}" in warnings, warnings
    assert "box=prop-v-max_size" in review

    lowered = await client.post(
        f"{base}/properties", data={**PANEL, "validation_max_size": "20"}, headers=hx(signed_in)
    )
    assert _warning(lowered.text) == (False, "")
    assert "This server accepts" not in (await client.get(f"{base}/publish")).text
