"""Outbox: text messages written to var/outbox/ (identity codes by SMS, no SMS gateway set)
are listed beside the mails, with their type, and open and download like a mail; the list
showed only .eml files, so an administrator testing SMS codes could not find them."""

import re
import uuid

from litestar.testing import AsyncTestClient

from designer.accounts.service import create_user
from runtime.settings import Settings
from tests.integration.conftest import Org, create_envelope, import_template, path_of
from tests.integration.designer.conftest import PASSWORD, Author, make_author, sign_in
from tests.integration.helpers import with_identity


async def _text_message(client: AsyncTestClient, org: Org) -> None:
    template = await import_template(client, org, with_identity("sms_code"))
    person = {"role": "customer", "name": "Al", "email": "al@example.com"}
    envelope = await create_envelope(
        client, org, template["id"], recipients=[{**person, "phone": "+44 7700 900123"}]
    )
    link = path_of(envelope["recipients"][0]["signing_url"])
    await client.get(link)
    assert (await client.post(f"{link}/verify/send")).status_code == 303


async def test_a_text_message_is_listed_opened_and_downloaded(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    await _text_message(client, org)
    await sign_in(client, await make_author(org.id))
    listing = (await client.get("/designer/outbox")).text
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", listing, re.S) if "-sms-" in r)
    assert "Text message (SMS)" in row and "+44 7700 900123" in row
    assert "code is" in row  # its first words stand for the subject it does not have
    name = re.search(r'href="/designer/outbox/([^"/]+\.txt)"', row).group(1)
    shown = (await client.get(f"/designer/outbox/{name}")).text
    assert "<h1>Text message to +44 7700 900123</h1>" in shown
    assert re.search(r"code is \d{6}", shown) and "Download (.txt)" in shown
    download = await client.get(f"/designer/outbox/{name}/download")
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/plain")
    assert b"To: +44 7700 900123" in download.content


async def test_another_organisation_cannot_open_the_text(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    before = set(settings.outbox_dir.glob("*-sms-*.txt"))
    await _text_message(client, org)
    name = next(iter(set(settings.outbox_dir.glob("*-sms-*.txt")) - before)).name
    await sign_in(client, await make_author())
    assert name not in (await client.get("/designer/outbox")).text
    assert (await client.get(f"/designer/outbox/{name}")).status_code == 404
    assert (await client.get(f"/designer/outbox/{name}/download")).status_code == 404


async def test_a_sender_sees_the_text_listed_but_not_its_code(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """Its first words stand for its subject, and they hold the code: only administrators,
    who may open it, see them."""
    await _text_message(client, org)
    sender = Author(f"sender-{uuid.uuid4().hex[:8]}@example.com", PASSWORD, org.id)
    await create_user(org.id, sender.email, PASSWORD, role="sender")
    await sign_in(client, sender)
    listing = (await client.get("/designer/outbox")).text
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", listing, re.S) if "-sms-" in r)
    assert "Text message (SMS)" in row and "Not shown: it holds a code" in row
    subject = re.search(r'<td data-label="Subject">(.*?)</td>', row, re.S).group(1)
    assert "code is" not in row and not re.search(r"\d{6}", subject)
