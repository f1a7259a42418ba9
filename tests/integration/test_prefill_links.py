"""Signed prefill links: nobody can edit a link to change a price."""

import copy
import re
import time
from urllib.parse import parse_qsl, urlencode, urlsplit

from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from tests.integration.conftest import Org, import_template
from tests.integration.helpers import OFFER, ask_for_link, is_readonly, make, path


def input_tag(html: str, key: str) -> str:
    match = re.search(rf'<input[^>]*id="input-{key}"[^>]*>', html)
    assert match, f"no input for {key}"
    return match.group(0)


async def test_a_signed_link_prefills_and_locks(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template = await import_template(client, org, OFFER)
    url = await make(client, org, template["id"], plan="Gold", price="49.90")
    opened = await client.get(path(url))
    assert opened.status_code == 303, opened.text
    page = await client.get(opened.headers["location"], follow_redirects=True)
    if 'name="consent"' in page.text:  # the consent step, when the organisation asks for it
        action = re.search(r'<form method="post" action="([^"]+/consent)"', page.text).group(1)
        page = await client.post(action, data={"consent": "yes"}, follow_redirects=True)
    assert 'value="49.90"' in page.text and 'value="Gold"' in page.text
    for key in ("plan", "price"):  # read-only in the browser too, and saying why
        assert is_readonly(input_tag(page.text, key)), input_tag(page.text, key)
    assert not is_readonly(input_tag(page.text, "note"))
    assert page.text.count("This value was filled in for you and cannot be changed.") == 2
    # a locked value posted by the signer changes nothing
    step = page.url.path
    await client.post(
        step, data={"price": "0.01", "plan": "Free", "signature__typed": "Rita Buyer"}
    )
    review = await client.get(step.rsplit("/step", 1)[0] + "/review")
    assert "49.90" in review.text and "0.01" not in review.text and "Free" not in review.text
    again = await client.get(path(url))
    assert again.headers["location"] == opened.headers["location"]  # the same envelope, resumed


async def test_edited_or_expired_links_are_refused(client: AsyncTestClient, org: Org) -> None:
    template = await import_template(client, org, OFFER)
    url = await make(client, org, template["id"], plan="Gold", price="49.90")
    parts = urlsplit(url)
    params = dict(parse_qsl(parts.query))
    cheaper = {**params, "p.price": "1.00"}
    edited = await client.get(f"{parts.path}?{urlencode(cheaper)}")
    assert edited.status_code == 403 and "changed" in edited.text
    later = {**params, "exp": str(int(time.time()) + 10**8)}
    assert (await client.get(f"{parts.path}?{urlencode(later)}")).status_code == 403
    unsigned = {k: v for k, v in params.items() if k != "sig"}
    assert (await client.get(f"{parts.path}?{urlencode(unsigned)}")).status_code == 403

    bad = await ask_for_link(client, org, template["id"], {"note": "hi", "price": "abc"})
    assert bad.status_code == 422
    assert {e["path"] for e in bad.json()["errors"]} == {"$.prefill.note", "$.prefill.price"}


async def test_no_link_signs_for_the_signer(client: AsyncTestClient, org: Org) -> None:
    """Even a template that names its signature field as filled by links (lint warns about
    it) cannot have a link carry a signature."""
    signed_by_link = copy.deepcopy(OFFER)
    signed_by_link["sections"][0]["fields"][3]["prefill"] = {"source": "url", "lock": True}
    template = await import_template(client, org, signed_by_link)
    refused = await ask_for_link(client, org, template["id"], {"plan": "Gold", "signature": "R"})
    assert refused.status_code == 422
    errors = refused.json()["errors"]
    assert [e["path"] for e in errors] == ["$.prefill.signature"]
    # it said "its prefill source must be 'url'" of a field whose source is 'url'
    assert errors[0]["message"] == "is a signature field, which cannot be filled in beforehand"
    # a field of another source is told which source a link needs
    refused = await ask_for_link(client, org, template["id"], {"note": "hi"})
    assert refused.json()["errors"] == [
        {
            "path": "$.prefill.note",
            "message": "is not a field a link may prefill (its prefill source must be 'url')",
        }
    ]
    # a key that is no field at all is said to be none (it read as a field of another source)
    refused = await ask_for_link(client, org, template["id"], {"plna": "Gold"})
    assert refused.json()["errors"] == [
        {"path": "$.prefill.plna", "message": f"is not a field of “{OFFER['name']}”"}
    ]
