"""Signed prefill links in a group: a subsidiary makes them for a template its parent shares,
as it sends it; the envelope a link starts is the subsidiary's, presented as sending would
present it; a sibling, an unrelated organisation and an edited link get nothing."""

import uuid
from urllib.parse import parse_qsl, urlencode, urlsplit

from litestar.testing import AsyncTestClient

from runtime.tables import Template
from tests.integration.conftest import Org, import_template, open_link
from tests.integration.groups.conftest import make_group, share
from tests.integration.helpers import OFFER, make, path


async def _link(client: AsyncTestClient, org: Org, template_id: str) -> int:
    answer = await client.post(
        f"/api/v1/templates/{template_id}/links",
        headers=org.auth,
        json={"recipient": {"name": "Rita Buyer", "email": "rita@example.com"}},
    )
    return answer.status_code


async def _envelopes(client: AsyncTestClient, org: Org, template_id: str) -> list[dict]:
    listed = await client.get(f"/api/v1/envelopes?template_id={template_id}", headers=org.auth)
    assert listed.status_code == 200, listed.text
    return [
        (await client.get(f"/api/v1/envelopes/{e['id']}", headers=org.auth)).json()
        for e in listed.json()["items"]
    ]


async def test_a_subsidiary_links_a_shared_template_to_its_own_envelopes(
    client: AsyncTestClient, org: Org
) -> None:
    group = await make_group()
    template = await import_template(client, group.parent, OFFER)
    await share(template["id"], "own")

    url = await make(client, group.a, template["id"], plan="Gold", price="49.90")
    later = await make(client, group.a, template["id"], plan="Silver", price="29.90")
    opened = await client.get(path(url))
    assert opened.status_code == 303, opened.text
    page = await open_link(client, opened.headers["location"])
    assert 'value="49.90"' in page.text and "readonly" in page.text
    assert group.a_legal in page.text and group.parent_legal not in page.text

    [envelope] = await _envelopes(client, group.a, template["id"])
    assert envelope["sent_as"] == str(group.a.id)
    for other in (group.parent, group.b):  # the subsidiary's envelope, nobody else's
        assert await _envelopes(client, other, template["id"]) == []
        seen = await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=other.auth)
        assert seen.status_code == 404

    # nobody can move A's link to B (or to the owner) by editing it
    params = dict(parse_qsl(urlsplit(later).query))
    assert params["org"] == str(group.a.id)
    for edited in (
        {**params, "org": str(group.b.id)},
        {k: v for k, v in params.items() if k != "org"},
    ):
        answer = await client.get(f"{urlsplit(later).path}?{urlencode(edited)}")
        assert answer.status_code == 403, answer.text

    # "owner": the link's envelope shows the parent's name, and is still A's
    await share(template["id"], "owner")
    owner_url = await make(client, group.a, template["id"], plan="Bronze", price="9.90")
    assert (await client.get(path(owner_url))).status_code == 303
    presented = {e["sent_as"] for e in await _envelopes(client, group.a, template["id"])}
    assert presented == {str(group.a.id), str(group.parent.id)}

    # once the owner stops sharing, a link not yet opened finds nothing; an opened one resumes
    await Template.update({Template.shared_with_subsidiaries: False}).where(
        Template.id == uuid.UUID(template["id"])
    )
    assert (await client.get(path(later))).status_code == 404
    assert (await client.get(path(url))).headers["location"] == opened.headers["location"]
    assert await _link(client, group.a, template["id"]) == 404


async def test_templates_a_subsidiary_cannot_see_make_no_links(
    client: AsyncTestClient, org: Org
) -> None:
    group = await make_group()
    shared = await import_template(client, group.parent, OFFER)
    await share(shared["id"], "own")
    unshared = await import_template(client, group.parent, {**OFFER, "name": "Parent only"})
    a_own = await import_template(client, group.a, {**OFFER, "name": "A only"})

    assert await _link(client, group.b, unshared["id"]) == 404  # the parent's, not shared
    assert await _link(client, group.b, a_own["id"]) == 404  # a sibling's
    assert await _link(client, org, shared["id"]) == 404  # outside the group
    assert await _link(client, group.b, shared["id"]) == 201
    # the owner's own links stay as they were: no `org`, the owner's envelope
    url = await make(client, group.parent, shared["id"], plan="Gold", price="49.90")
    assert "org" not in dict(parse_qsl(urlsplit(url).query))
    assert (await client.get(path(url))).status_code == 303
    assert len(await _envelopes(client, group.parent, shared["id"])) == 1

    # archived by its owner: the owner is told why (409), a subsidiary finds nothing (404)
    await Template.update({Template.status: "archived"}).where(
        Template.id == uuid.UUID(shared["id"])
    )
    assert await _link(client, group.parent, shared["id"]) == 409
    assert await _link(client, group.a, shared["id"]) == 404
