"""Version history (#4 point 8): the author picks any two versions on the Versions tab and
reads what changed between them, in the same sentences as the history."""

import copy
import re
import uuid
from html import unescape

from litestar.testing import AsyncTestClient

from designer import drafts
from designer.tables import Draft
from tests.integration.designer.helpers import SIGNED_FORM, seeded


async def _publish(client: AsyncTestClient, base: str, token: str, definition: dict) -> None:
    draft_id = uuid.UUID(base.rsplit("/", 1)[1])
    row = await Draft.objects().where(Draft.id == draft_id).first()
    assert row is not None
    state = await drafts.get(row.organisation, draft_id)
    await drafts.save(state, definition, actor="test", summary="edit")
    published = await client.post(f"{base}/publish", data={"_csrf_token": token})
    assert published.status_code == 303, published.text


def _comparison(html: str) -> list[str]:
    block = re.search(r'<ul class="changes" id="comparison">(.*?)</ul>', html, re.S)
    assert block, "no comparison on the page"
    return [unescape(li) for li in re.findall(r"<li>(.*?)</li>", block.group(1))]


async def test_any_two_versions_are_compared(client: AsyncTestClient, signed_in: str) -> None:
    base = await seeded(client, signed_in)
    assert (await client.post(f"{base}/publish", data={"_csrf_token": signed_in})).is_redirect
    second = copy.deepcopy(SIGNED_FORM)
    second["sections"][0]["fields"][0]["label"] = "Full legal name"
    await _publish(client, base, signed_in, second)
    third = copy.deepcopy(second)
    third["sections"][0]["fields"].append(
        {"key": "vat_number", "component": "text", "label": "VAT number"}
    )
    await _publish(client, base, signed_in, third)

    page = await client.get(f"{base}/versions")
    assert 'id="compare-from"' in page.text and 'id="compare-to"' in page.text
    assert 'for="compare-from"' in page.text  # labelled selects

    both = await client.get(f"{base}/versions", params={"compare_from": 1, "compare_to": 3})
    assert both.status_code == 200
    changes = _comparison(both.text)
    assert "From version 1 to version 3" in both.text
    assert any("Full legal name" in c for c in changes), changes  # made in version 2
    assert any("VAT number" in c for c in changes), changes  # made in version 3
    backwards = await client.get(f"{base}/versions", params={"compare_from": 3, "compare_to": 1})
    assert _comparison(backwards.text) == changes  # the older one is the starting point
    latest = _comparison(
        (await client.get(f"{base}/versions", params={"compare_from": 2, "compare_to": 3})).text
    )
    assert any("VAT number" in c for c in latest)
    assert not any("Full legal name" in c for c in latest), latest
    same = await client.get(f"{base}/versions", params={"compare_from": 2, "compare_to": 2})
    assert _comparison(same.text) == ["These are the same version."]

    missing = await client.get(f"{base}/versions", params={"compare_from": 1, "compare_to": 9})
    assert missing.status_code == 422
    assert "There is no version 9 to compare." in missing.text
    assert 'id="comparison"' not in missing.text
