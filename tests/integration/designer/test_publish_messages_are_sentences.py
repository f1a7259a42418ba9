"""Every problem on the publish check reads as a sentence: "This step has no fields yet"
and the engine's fragments ("has no effect on a …") stood without a full stop next to the
designer's own sentences."""

import copy
import html
import re

from litestar.testing import AsyncTestClient

from tests.integration.designer.helpers import SIGNED_FORM, seeded


def _messages(page: str) -> list[str]:
    items = re.findall(r"<li><span class=\"badge[^>]*>.*?</li>", page, re.S)
    text = [html.unescape(" ".join(re.sub(r"<[^>]+>", "", li).split())) for li in items]
    return [t.split(": ", 1)[1] for t in text]


async def test_every_problem_ends_with_a_full_stop(client: AsyncTestClient, signed_in: str) -> None:
    definition = copy.deepcopy(SIGNED_FORM)
    step = {**definition["sections"][0], "key": "empty", "title": "Later", "fields": []}
    definition["sections"].append(step)
    definition["sections"][0]["fields"].append(
        {"key": "intro", "component": "heading", "label": "Intro", "required": True}
    )
    base = await seeded(client, signed_in, definition)
    messages = _messages((await client.get(f"{base}/publish")).text)
    assert "This step has no fields yet." in messages, messages
    assert len(messages) >= 2, messages
    assert all(m[0].isupper() and m.endswith((".", "?", "!", "…")) for m in messages), messages
