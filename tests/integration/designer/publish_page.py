"""What the publish tests read from and send to a draft's publish page: its hidden fields
(the revision and the live version it was opened on), its error summary as one line of
text, a publish as its button sends it, and the change another tab makes meanwhile."""

import html
import re

from httpx import Response
from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx


def publish_form(page: str) -> dict[str, str]:
    """The page's hidden `revision` and `seen_version`, as its Publish button sends them."""
    return dict(
        re.findall(r'<input type="hidden" name="(revision|seen_version)" value="(\d*)"', page)
    )


async def opened_publish_page(client: AsyncTestClient, base: str) -> dict[str, str]:
    """The publish page of the draft at `base` opened now: its hidden fields."""
    return publish_form((await client.get(f"{base}/publish")).text)


async def publish(client: AsyncTestClient, base: str, token: str, form: dict[str, str]) -> Response:
    """Publish pressed on a page opened with `form` (opened_publish_page)."""
    return await client.post(f"{base}/publish", data={"_csrf_token": token, **form})


def error_summary(page: str) -> str:
    """The page's error summary, its words on one line."""
    box = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert box, "no error summary"
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", box.group(0)).split()))


async def relabel_full_name(client: AsyncTestClient, base: str, token: str, label: str) -> Response:
    """The seeded draft's Full name question given another label, as the editor saves it
    (what another tab or author changes after a publish page was opened)."""
    return await client.post(
        f"{base}/properties",
        data={
            "item": "field:full_name",
            "label": label,
            "key": "full_name",
            "help": "",
            "prefill_source": "",
            "owner": "client",
        },
        headers=hx(token),
    )
