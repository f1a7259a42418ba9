"""After publishing, an author was offered "Send it now: to one person", filled in the whole
send form, and only on Send learnt that Authors may not send. The links and the forms follow
the role now: an author reads who sends (and may send themselves a test); a sender gets the
links and the form, and no "Send me a test", which is an author's work."""

import uuid

from litestar.testing import AsyncTestClient

from designer import drafts
from designer.accounts.service import create_user
from runtime.accounts.service import ensure_organisation
from tests.integration.designer.conftest import PASSWORD, Author, sign_in
from tests.integration.designer.helpers import SIGNED_FORM

ASK = "Sending envelopes is the work of a sender or an administrator of your organisation"


async def _member(org: uuid.UUID, role: str) -> Author:
    email = f"{role}-{uuid.uuid4().hex[:8]}@example.com"
    await create_user(org, email, PASSWORD, name=f"Test {role}", role=role)
    return Author(email, PASSWORD, org)


async def test_only_who_may_send_is_offered_the_send_form(client: AsyncTestClient) -> None:
    org = await ensure_organisation(f"Send links {uuid.uuid4().hex[:8]}")
    await _member(org, "admin")
    draft = await drafts.create(org, SIGNED_FORM, actor="seed")
    base = f"/designer/templates/{draft}"

    token = await sign_in(client, await _member(org, "author"))
    published = await client.post(f"{base}/publish", data={"_csrf_token": token})
    assert published.status_code == 303, published.text
    page = (await client.get(published.headers["location"])).text
    assert "Version 1 is published" in page
    assert "/designer/envelopes/new" not in page and "/designer/bulk-sends/new" not in page
    assert f"{ASK}: ask one of them to send it, or try it yourself with Send me a test" in page
    assert "Send me a test</button>" in page
    template_id = page.split('its template id is <code class="reference">')[1].split("<")[0]
    for form in ("/designer/envelopes/new", "/designer/bulk-sends/new"):
        refused = await client.get(f"{form}?template_id={template_id}")
        assert refused.status_code == 403, form
        assert "Your role in" in refused.text and "may not send envelopes" in refused.text

    client.cookies.clear()
    await sign_in(client, await _member(org, "sender"))
    page = (await client.get(f"{base}/versions")).text
    assert f"/designer/envelopes/new?template_id={template_id}" in page and ASK not in page
    assert "Send me a test</button>" not in page
    form = await client.get(f"/designer/envelopes/new?template_id={template_id}")
    assert form.status_code == 200 and "Who takes part" in form.text
