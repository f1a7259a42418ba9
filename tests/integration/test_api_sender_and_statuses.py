"""Two things the envelope list and search said differently from what they meant.

- `sender_email` read `""` for an envelope with no sender's email (one made through the API
  without it): an empty address, not "none". It is `null` in the list, in search and in the
  examples of /schema.
- Search listed the statuses in its own order (`sent, …, voided, draft`), the envelope list
  in the order of an envelope's life (`draft, sent, …`): one order now, from one place
  (runtime/envelopes/states.py STATUSES), in the API's messages, /schema and the screens.
"""

import re

from litestar.testing import AsyncTestClient

from runtime.envelopes.states import STATUSES
from tests.integration.conftest import Org, create_envelope, import_template
from tests.integration.designer.conftest import make_author, sign_in

LIFE = ("draft", "sent", "in_progress", "completed", "declined", "expired", "voided")


async def test_an_envelope_without_a_sender_says_null(client: AsyncTestClient, org: Org) -> None:
    template = await import_template(client, org)
    none = await create_envelope(client, org, template["id"])
    given = await create_envelope(client, org, template["id"], sender_email="anna@example.com")

    listed = (await client.get("/api/v1/envelopes", headers=org.auth)).json()["items"]
    found = (await client.get("/api/v1/envelopes/search", headers=org.auth)).json()["items"]
    for items in (listed, found):
        senders = {i["id"]: i["sender_email"] for i in items}
        assert senders == {none["id"]: None, given["id"]: "anna@example.com"}, senders

    schema = (await client.get("/schema/openapi.json")).json()
    for path in ("/api/v1/envelopes", "/api/v1/envelopes/search"):
        content = schema["paths"][path]["get"]["responses"]["200"]["content"]
        items = [
            i for e in content["application/json"]["examples"].values() for i in e["value"]["items"]
        ]
        assert None in [i["sender_email"] for i in items], path
        assert "" not in [i["sender_email"] for i in items], path


def _named(detail: str) -> list[str]:
    match = re.search(r"Use one of: ([a-z_, ]+)\.", detail)
    assert match, detail
    return match.group(1).split(", ")


async def test_search_and_the_list_name_the_statuses_in_one_order(
    client: AsyncTestClient, org: Org
) -> None:
    assert STATUSES == LIFE
    lists = await client.get("/api/v1/envelopes?status=lost", headers=org.auth)
    search = await client.get("/api/v1/envelopes/search?status=lost", headers=org.auth)
    assert lists.status_code == search.status_code == 422
    assert _named(lists.json()["detail"]) == list(LIFE)
    (problem,) = search.json()["errors"]
    assert _named(problem["message"]) == list(LIFE)

    schema = (await client.get("/schema/openapi.json")).json()
    parameters = schema["paths"]["/api/v1/envelopes/search"]["get"]["parameters"]
    (status,) = [p for p in parameters if p["name"] == "status"]
    assert (
        status["description"] == "draft, sent, in_progress, completed, declined, expired or voided"
    )

    # the screens: the archive's list is the envelope list's, without drafts (never sent)
    author = await make_author(org.id)
    await sign_in(client, author)
    option = re.compile(r'<option value="([a-z_]+)"')

    def offered(html: str, select_id: str) -> list[str]:
        select = html.split(f'id="{select_id}"')[1].split("</select>")[0]
        return option.findall(select)

    envelopes = offered((await client.get("/designer/envelopes")).text, "filter-status")
    archive = offered((await client.get("/designer/archive")).text, "a-status")
    assert envelopes == list(LIFE)
    assert archive == [s for s in LIFE if s != "draft"]
