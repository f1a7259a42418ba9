"""Tags on the envelope's own page: add and remove them with plain form posts and with htmx."""

import re
import uuid

from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key, ensure_organisation
from runtime.tables import EnvelopeTag
from tests.integration.conftest import Org, create_envelope, import_template
from tests.integration.designer.conftest import HX, Author, make_author, sign_in


async def _envelope(client: AsyncTestClient, author: Author) -> str:
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "t"))
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    return str(envelope["id"])


def _chips(html: str) -> list[str]:
    return re.findall(r'<span class="tag__name">([^<]*)</span>', html)


async def _stored(envelope_id: str) -> list[str]:
    rows = await EnvelopeTag.select(EnvelopeTag.tag).where(
        EnvelopeTag.envelope == uuid.UUID(envelope_id)
    )
    return sorted(r["tag"] for r in rows)


async def test_tags_added_and_removed_with_plain_forms(client: AsyncTestClient) -> None:
    author = await make_author()
    envelope_id = await _envelope(client, author)
    token = await sign_in(client, author)
    url = f"/designer/envelopes/{envelope_id}"

    page = await client.get(url)
    assert page.status_code == 200 and "No tags yet" in page.text
    assert f'action="{url}/tags"' in page.text and 'for="new-tag"' in page.text

    refused = await client.post(f"{url}/tags", data={"tag": "hr"})
    assert refused.status_code == 403  # no CSRF token
    added = await client.post(f"{url}/tags", data={"_csrf_token": token, "tag": " Renewal , HR "})
    assert added.status_code == 303 and added.headers["location"] == f"{url}?done=tagged#tags"
    shown = await client.get(added.headers["location"].split("#")[0])
    assert _chips(shown.text) == ["renewal", "hr"] and "Tag added." in shown.text
    assert 'aria-label="Remove the tag renewal"' in shown.text

    # The archive finds it by the tag at once (the search document was refreshed).
    found = await client.get("/designer/archive", params={"tag": "renewal"})
    assert f"/designer/envelopes/{envelope_id}" in found.text

    removed = await client.post(f"{url}/tags/remove", data={"_csrf_token": token, "tag": "hr"})
    assert removed.status_code == 303
    assert await _stored(envelope_id) == ["renewal"]
    missing = await client.post(f"{url}/tags/remove", data={"_csrf_token": token, "tag": "nope"})
    assert missing.status_code == 303 and await _stored(envelope_id) == ["renewal"]


async def test_a_bad_tag_is_refused_beside_the_field_and_nothing_changes(
    client: AsyncTestClient,
) -> None:
    author = await make_author()
    envelope_id = await _envelope(client, author)
    token = await sign_in(client, author)
    url = f"/designer/envelopes/{envelope_id}"
    await client.post(f"{url}/tags", data={"_csrf_token": token, "tag": "kept"})

    for typed, message in [
        ("=cmd|x", "is not valid"),  # charset: a formula-looking tag
        ("x" * 41, "is not valid"),  # length: 40 at most
        ("ok, <b>", "is not valid"),  # one bad tag refuses the lot
        ("   ", "Enter a tag to add."),
    ]:
        bad = await client.post(f"{url}/tags", data={"_csrf_token": token, "tag": typed})
        assert bad.status_code == 422, typed
        assert 'id="new-tag-error"' in bad.text and message in bad.text
        assert 'aria-describedby="new-tag-hint new-tag-error"' in bad.text
        assert 'href="#new-tag"' in bad.text  # the error summary links to the box
        assert "&lt;b&gt;" in bad.text or "<b>" not in bad.text
        assert await _stored(envelope_id) == ["kept"], typed

    many = ", ".join(f"t{i}" for i in range(20))
    full = await client.post(f"{url}/tags", data={"_csrf_token": token, "tag": many})
    assert full.status_code == 422 and "at most 20 tags" in full.text
    assert await _stored(envelope_id) == ["kept"]


async def test_tags_with_htmx_swap_the_panel(client: AsyncTestClient) -> None:
    author = await make_author()
    envelope_id = await _envelope(client, author)
    token = await sign_in(client, author)
    url = f"/designer/envelopes/{envelope_id}"
    hx = {**HX, "x-csrftoken": token}

    added = await client.post(f"{url}/tags", data={"tag": "priority"}, headers=hx)
    assert added.status_code == 200
    assert added.text.lstrip().startswith('<section class="card envelope-tags" id="tags"')
    assert "<html" not in added.text and _chips(added.text) == ["priority"]
    assert "Tag added." in added.text

    bad = await client.post(f"{url}/tags", data={"tag": "a/b"}, headers=hx)
    assert bad.status_code == 422 and 'id="tags"' in bad.text and "<html" not in bad.text
    assert "is not valid" in bad.text and 'value="a/b"' in bad.text
    assert _chips(bad.text) == ["priority"]

    gone = await client.post(f"{url}/tags/remove", data={"tag": "priority"}, headers=hx)
    assert gone.status_code == 200 and _chips(gone.text) == [] and "Tag removed." in gone.text
    assert await _stored(envelope_id) == []
    no_token = await client.post(f"{url}/tags", data={"tag": "x"}, headers=HX)
    assert no_token.status_code == 403


async def test_other_organisations_envelopes_and_viewers_cannot_be_tagged(
    client: AsyncTestClient,
) -> None:
    owner = await make_author()
    envelope_id = await _envelope(client, owner)
    stranger = await make_author(await ensure_organisation(f"Other {uuid.uuid4().hex[:6]}"))
    token = await sign_in(client, stranger)
    url = f"/designer/envelopes/{envelope_id}"
    for path in (f"{url}/tags", f"{url}/tags/remove"):
        answer = await client.post(path, data={"_csrf_token": token, "tag": "x"})
        assert answer.status_code == 404, path
    assert await _stored(envelope_id) == []


async def test_both_tag_boxes_say_the_rule_the_refusal_says(client: AsyncTestClient) -> None:
    """The hints left out underscores, which a tag may hold ("q_3" was taken)."""
    author = await make_author()
    envelope_id = await _envelope(client, author)
    await sign_in(client, author)
    page = (await client.get(f"/designer/envelopes/{envelope_id}")).text
    assert "Up to 40 letters, digits, spaces, dots, dashes or underscores; commas" in page
    edit = (await client.get(f"/designer/archive/{envelope_id}/tags")).text
    assert "each up to 40 letters, digits, spaces, dots, dashes or underscores." in edit
