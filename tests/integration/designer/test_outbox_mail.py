"""Outbox: an administrator opens a mail written to var/outbox/ (who, what, when, its text)
and downloads the file; only names were listed before, the file itself out of reach."""

import uuid

from litestar.testing import AsyncTestClient

from designer.accounts.service import create_user
from runtime.settings import Settings
from tests.integration.conftest import run_jobs
from tests.integration.designer.conftest import PASSWORD, Author, make_author, sign_in
from tests.integration.designer.sending_helpers import _template


async def _one_mail(client: AsyncTestClient, author: Author, settings: Settings) -> str:
    template_id = await _template(client, author)
    token = await sign_in(client, author)
    sent = await client.post(
        f"/designer/envelopes/new?template_id={template_id}",
        data={
            "_csrf_token": token,
            "customer.name": "Ola Nor",
            "customer.email": "ola@example.com",
        },
    )
    assert sent.status_code == 303, sent.text
    await run_jobs(settings)
    listing = await client.get("/designer/outbox")
    start = listing.text.index('href="/designer/outbox/') + len('href="/designer/outbox/')
    return listing.text[start : listing.text.index('"', start)]


async def test_an_admin_reads_and_downloads_a_mail(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    name = await _one_mail(client, author, settings)
    assert name.endswith(".eml")
    mail = await client.get(f"/designer/outbox/{name}")
    assert mail.status_code == 200
    assert "Ola Nor &lt;ola@example.com&gt;" in mail.text
    assert "asks you to sign" in mail.text and "/s/" in mail.text  # the text with its link
    assert f"/designer/outbox/{name}/download" in mail.text
    download = await client.get(f"/designer/outbox/{name}/download")
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("message/rfc822")
    assert b"To: Ola Nor <ola@example.com>" in download.content


async def test_other_organisations_and_other_roles_cannot_open_it(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    name = await _one_mail(client, author, settings)
    sender = Author(f"sender-{uuid.uuid4().hex[:8]}@example.com", PASSWORD, author.organisation_id)
    await create_user(author.organisation_id, sender.email, PASSWORD, role="sender")
    await client.post("/designer/logout", data={"_csrf_token": await sign_in(client, author)})
    await sign_in(client, sender)
    listing = await client.get("/designer/outbox")
    assert (
        "ola@example.com" in listing.text and f'href="/designer/outbox/{name}' not in listing.text
    )
    assert "Only administrators may open them" in listing.text
    assert (await client.get(f"/designer/outbox/{name}")).status_code == 403
    assert (await client.get(f"/designer/outbox/{name}/download")).status_code == 403

    intruder = await make_author()
    await client.post("/designer/logout", data={"_csrf_token": await sign_in(client, sender)})
    await sign_in(client, intruder)
    assert (await client.get(f"/designer/outbox/{name}")).status_code == 404
    assert (await client.get(f"/designer/outbox/{name}/download")).status_code == 404
    assert (await client.get("/designer/outbox/..%2Fsecret_key")).status_code == 404
