"""Guessing an identity check with a leaked link (SECURITY.md 15): each lock-out of the same
recipient lasts twice as long as the one before, so a short access code cannot be found by
waiting out a fixed 15-minute lock again and again (5 guesses every 15 minutes try a
4-digit code's 10 000 values in about 3.5 days). Nor can it have a code mailed or texted
every 30 seconds all day: at most 10 a day."""

import datetime as dt
import uuid

from litestar.testing import AsyncTestClient

from runtime.clock import utcnow
from runtime.identity.service import cookie_name, cookie_value
from runtime.settings import Settings
from runtime.tables import IdentityCode, Recipient
from tests.integration.conftest import (
    Org,
    create_envelope,
    fill_demo,
    import_template,
    path_of,
    run_jobs,
    shared_app_client,
)
from tests.integration.helpers import with_identity


async def _lock_out(
    client: AsyncTestClient, link: str, envelope_id: uuid.UUID, settings: Settings
) -> dt.timedelta:
    """Wrong codes until the check locks; how long the lock lasts from now."""
    for _ in range(settings.identity_max_failures - 1):
        wrong = await client.post(f"{link}/verify", data={"code": "0000"})
        assert wrong.status_code == 422, wrong.text
    locked = await client.post(f"{link}/verify", data={"code": "0000"})
    assert locked.status_code == 429, locked.text
    row = await Recipient.select(Recipient.identity_locked_until).where(
        Recipient.envelope == envelope_id
    )
    return row[0]["identity_locked_until"] - utcnow()


async def test_each_lock_out_doubles_the_next_one(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template = await import_template(client, org, with_identity("access_code"))
    envelope = await create_envelope(
        client,
        org,
        template["id"],
        recipients=[
            {"role": "customer", "name": "Guessed", "email": "g@example.com", "access_code": "4821"}
        ],
    )
    link = path_of(envelope["recipients"][0]["signing_url"])
    envelope_id = uuid.UUID(envelope["id"])
    minutes = settings.identity_lockout_minutes
    waits = []
    for _ in range(3):
        waits.append(await _lock_out(client, link, envelope_id, settings))
        # the lock has run out (as if the guesser waited), the failures start again at 0
        await Recipient.update({Recipient.identity_locked_until: None}).where(
            Recipient.envelope == envelope_id
        )
    for wait, factor in zip(waits, (1, 2, 4), strict=True):
        expected = dt.timedelta(minutes=minutes * factor)
        assert expected - dt.timedelta(seconds=30) < wait <= expected, (factor, wait)
    # the person with the right code still gets in once a lock has run out
    passed = await client.post(f"{link}/verify", data={"code": "4821"})
    assert passed.status_code == 303, passed.text


async def test_at_most_ten_codes_a_day(client: AsyncTestClient, org: Org) -> None:
    template = await import_template(client, org, with_identity("email_code"))
    envelope = await create_envelope(client, org, template["id"])
    link = path_of(envelope["recipients"][0]["signing_url"])
    recipient = (
        await Recipient.select(Recipient.id)
        .where(Recipient.envelope == uuid.UUID(envelope["id"]))
        .first()
    )
    assert recipient is not None
    for _ in range(10):
        sent = await client.post(f"{link}/verify/send")
        assert sent.status_code == 303, sent.text
        # as if the signer had waited out the 30 seconds between two codes
        await IdentityCode.update(
            {IdentityCode.created_at: IdentityCode.created_at - dt.timedelta(seconds=31)}
        ).where(IdentityCode.recipient == recipient["id"])
    refused = await client.post(f"{link}/verify/send")
    assert refused.status_code == 429, refused.text
    assert "Too many codes were sent to you today" in refused.text
    assert await IdentityCode.count().where(IdentityCode.recipient == recipient["id"]) == 10


async def test_after_signing_the_download_shares_the_ten_codes_a_day(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """A leaked link of a finished signer asks for the check before the sealed PDF
    (decision 0011); codes sent for the download count with those sent before signing, so
    the link cannot have 10 more a day mailed once its owner has signed. Seals once and
    mails ten codes: 4-5 s on a busy 2-core machine."""
    template = await import_template(client, org, with_identity("email_code"))
    envelope = await create_envelope(client, org, template["id"])
    link = path_of(envelope["recipients"][0]["signing_url"])
    recipient = (
        await Recipient.select().where(Recipient.envelope == uuid.UUID(envelope["id"])).first()
    )
    assert recipient is not None

    async def send(browser: AsyncTestClient) -> int:
        answer = await browser.post(f"{link}/verify/send")
        # as if the person had waited out the 30 seconds between two codes
        await IdentityCode.update(
            {IdentityCode.created_at: IdentityCode.created_at - dt.timedelta(seconds=31)}
        ).where(IdentityCode.recipient == recipient["id"])
        return answer.status_code

    await client.get(link)
    for _ in range(4):  # the signer asked for codes before signing
        assert await send(client) == 303
    # the signer passed the check in this browser (its cookie, without reading the mail)
    client.cookies.set(cookie_name(recipient), cookie_value(settings, recipient))
    await fill_demo(client, link)
    assert await run_jobs(settings) >= 1
    async with shared_app_client(settings) as leaked:
        opened = await leaked.get(f"{link}/sealed.pdf")
        assert opened.headers["location"] == f"{link}/verify"
        for _ in range(6):
            assert await send(leaked) == 303
        refused = await leaked.post(f"{link}/verify/send")
        assert (
            refused.status_code == 429 and "Too many codes were sent to you today" in refused.text
        )
        assert (await leaked.get(f"{link}/sealed.pdf")).status_code == 303  # still no PDF
    assert await IdentityCode.count().where(IdentityCode.recipient == recipient["id"]) == 10
