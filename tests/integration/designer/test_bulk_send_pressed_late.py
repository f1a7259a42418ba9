"""A bulk send's preview pressed after the send was confirmed (the button twice, a second
tab, another sender) says so above the progress: what was not done, and what to do. It
used to land on the progress page without a word, so a late choice of columns was lost
unseen and a second Send looked like a second batch of envelopes."""

import html

from litestar.testing import AsyncTestClient

from tests.integration.designer.bulk_helpers import _template, _upload, rows_csv
from tests.integration.designer.conftest import Author, sign_in


async def test_presses_after_the_confirmation_say_nothing_more_was_done(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    template_id = await _template(client, author)
    uploaded = await _upload(client, token, template_id, rows_csv(2))
    bulk = uploaded.headers["location"]
    first = await client.post(f"{bulk}/confirm", data={"_csrf_token": token})
    assert first.headers["location"] == bulk
    quiet = (await client.get(bulk)).text
    assert "Nothing more was done" not in quiet  # the confirmation itself says nothing extra

    second = await client.post(f"{bulk}/confirm", data={"_csrf_token": token})
    assert second.status_code == 303
    page = html.unescape((await client.get(second.headers["location"])).text)
    assert "Nothing more was done" in page
    assert "so nothing was sent twice: its envelopes are the ones counted below." in page

    late = await client.post(
        f"{bulk}/mapping", data={"_csrf_token": token, "map.customer.name": "Customer name"}
    )
    assert late.status_code == 303
    page = html.unescape((await client.get(late.headers["location"])).text)
    assert "when your choice of columns arrived, so it was not applied" in page
    assert "To send with other columns, upload the file again as a new bulk send." in page
