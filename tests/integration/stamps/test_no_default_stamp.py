"""Deactivating the default stamp leaves the organisation without one: a stamp field that
names no stamp can no longer be stamped, yet the Stamps screen said nothing (no stamp read
'Default' any more, and only a failing auto-sign job told). It now says so above the list."""

from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from runtime.stamps.service import upload_stamp
from tests.integration.designer.conftest import Author, sign_in
from tests.integration.stamps.helpers import stamp_png

URL = "/designer/settings/stamps"


async def test_the_stamps_screen_says_when_no_stamp_is_the_default(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    token = await sign_in(client, author)
    first = await upload_stamp(
        settings, author.organisation_id, name="Company seal", data=stamp_png(), actor="a"
    )
    await upload_stamp(
        settings, author.organisation_id, name="Blue seal", data=stamp_png(), actor="a"
    )
    assert "No default stamp" not in (await client.get(URL)).text

    gone = await client.post(f"{URL}/{first['id']}/deactivate", data={"_csrf_token": token})
    assert gone.status_code == 303
    page = (await client.get(URL)).text
    assert "No default stamp" in page
    assert "Until you choose <strong>Make default</strong> on one of the stamps below" in page
