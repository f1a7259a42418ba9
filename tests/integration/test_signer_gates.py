"""Before the wizard, on SQLite and PostgreSQL: consent (recorded with its text's hash,
refusal stops signing) and identity checks (email code through a real SMTP server, SMS
code through the development provider, access code), with attempts limited and locked."""

import hashlib
import re
import uuid

from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from runtime.slow_hash import hasher_for
from runtime.tables import AuditEvent, Organisation, Recipient
from tests.integration.conftest import (
    Mailbox,
    Org,
    app_client,
    create_envelope,
    fill_demo,
    import_template,
    path_of,
    run_jobs,
)
from tests.integration.helpers import with_identity


async def actions(envelope_id: str) -> list[dict]:
    return (
        await AuditEvent.select(AuditEvent.action, AuditEvent.data)
        .where(AuditEvent.envelope == uuid.UUID(envelope_id))
        .order_by(AuditEvent.id)
        .output(load_json=True)
    )


async def test_consent_is_asked_first_recorded_and_refusal_stops_signing(
    client: AsyncTestClient, org: Org
) -> None:
    await Organisation.update(
        {
            Organisation.consent_text: "We keep records <b>electronically</b>.\n\nYou may ask for paper."
        }
    ).where(Organisation.id == org.id)
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    link = path_of(envelope["recipients"][0]["signing_url"])
    first = await client.get(link)
    assert first.status_code == 303 and first.headers["location"] == f"{link}/consent"
    assert (await client.get(f"{link}/step/1")).headers["location"] == f"{link}/consent"
    page = await client.get(f"{link}/consent")
    assert "We keep records &lt;b&gt;electronically&lt;/b&gt;." in page.text
    assert 'class="back-link"' not in page.text  # nowhere to go back to before agreeing
    empty = await client.post(f"{link}/consent", data={})
    assert empty.status_code == 422 and "There is a problem" in empty.text

    refused = await client.post(f"{link}/consent", data={"consent": "no"})
    assert refused.status_code == 200 and "You cannot sign electronically" in refused.text
    assert f'href="{link}/decline"' in refused.text
    finish = await client.post(f"{link}/finish")
    assert finish.status_code == 303 and finish.headers["location"].endswith("/consent")

    agreed = await client.post(f"{link}/consent", data={"consent": "yes"})
    assert agreed.status_code == 303
    # opened again from the footer's link: Back leads to the signer's step (it had no Back)
    again = await client.get(f"{link}/consent")
    assert "You agreed to this." in again.text
    assert f'<a class="back-link" href="{link}/">Back</a>' in again.text
    # its footer does not link to itself; the step's footer leads here
    assert f'href="{link}/consent">Consent to electronic records' not in again.text
    step = (await client.get(f"{link}/step/1")).text
    assert f'href="{link}/consent">Consent to electronic records' in step
    withdrawn = await client.post(f"{link}/consent", data={"consent": "no"})
    assert withdrawn.status_code == 200
    await client.post(f"{link}/consent", data={"consent": "yes"})
    text = "We keep records <b>electronically</b>.\n\nYou may ask for paper."
    sha = hashlib.sha256(text.encode()).hexdigest()
    events = await actions(envelope["id"])
    consent = [e for e in events if e["action"].startswith("recipient.consent")]
    assert [e["action"] for e in consent] == [
        "recipient.consent_refused",
        "recipient.consent_given",
        "recipient.consent_withdrawn",
        "recipient.consent_given",
    ]
    assert all(e["data"]["consent_sha256"] == sha for e in consent)
    row = (
        await Recipient.select(Recipient.consent_sha256)
        .where(Recipient.envelope == uuid.UUID(envelope["id"]))
        .first()
    )
    assert row["consent_sha256"] == sha


async def test_email_code_through_smtp_limits_attempts_and_verifies(
    mail_client: AsyncTestClient, org: Org, mailbox: Mailbox, mail_settings: Settings
) -> None:
    client = mail_client
    template = await import_template(client, org, with_identity("email_code"))
    envelope = await create_envelope(client, org, template["id"])
    link = path_of(envelope["recipients"][0]["signing_url"])
    opened = await client.get(link)
    assert opened.headers["location"] == f"{link}/verify"
    page = await client.get(f"{link}/verify")
    assert "a•••@example.com" in page.text and "Send the code" in page.text
    sent = await client.post(f"{link}/verify/send")
    assert sent.status_code == 303
    message = mailbox.to("alex@example.com")[-1]
    code = re.search(r"\b(\d{6})\b", Mailbox.text(message)).group(1)
    assert code in message["Subject"]
    again = await client.post(f"{link}/verify/send")  # too soon for another code
    assert again.status_code == 429

    wrong = "000000" if code != "000000" else "111111"
    for attempt in range(4):
        bad = await client.post(f"{link}/verify", data={"code": wrong})
        left = 4 - attempt  # the last one is "1 more try", not "1 more tries"
        expected = f"{left} more tries." if left > 1 else "You have 1 more try."
        assert bad.status_code == 422 and expected in bad.text
    locked = await client.post(f"{link}/verify", data={"code": wrong})
    assert locked.status_code == 429 and "Too many wrong codes" in locked.text
    # the time as in the signer's other pages ("29 November 2026, 05:11 UTC"), not "29/11/2026"
    assert re.search(r"try again after \d{1,2} [A-Z][a-z]{2,} \d{4}, \d\d:\d\d UTC", locked.text)
    still = await client.post(f"{link}/verify", data={"code": code})
    assert still.status_code == 429  # even the right code waits for the lock to end

    await Recipient.update({Recipient.identity_locked_until: None}).where(
        Recipient.envelope == uuid.UUID(envelope["id"])
    )
    passed = await client.post(f"{link}/verify", data={"code": code})
    assert passed.status_code == 303, passed.text
    assert any(c.startswith("fs_id_") for c in passed.cookies)
    status = (
        await Recipient.select(Recipient.status)
        .where(Recipient.envelope == uuid.UUID(envelope["id"]))
        .first()
    )
    assert status["status"] == "verified"
    assert (await client.get(link)).headers["location"] == f"{link}/consent"
    reused = await client.post(f"{link}/verify", data={"code": code})
    assert reused.status_code in (303, 422)  # verified already, or the used code counts as wrong
    events = [e["action"] for e in await actions(envelope["id"])]
    assert events.count("identity.failed") >= 5 and "identity.locked" in events
    assert "identity.verified" in events and "recipient.verified" in events

    # another browser (no cookie) must pass the check again
    async with app_client(mail_settings) as other:
        assert (await other.get(link)).headers["location"] == f"{link}/verify"


async def test_sms_code_uses_the_development_provider(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template = await import_template(client, org, with_identity("sms_code"))
    missing = await client.post(
        "/api/v1/envelopes",
        json={
            "template_id": template["id"],
            "recipients": [{"role": "customer", "name": "Al", "email": "al@example.com"}],
        },
        headers=org.auth,
    )
    assert missing.status_code == 422 and "phone" in missing.text
    envelope = await create_envelope(
        client,
        org,
        template["id"],
        recipients=[
            {
                "role": "customer",
                "name": "Al",
                "email": "al@example.com",
                "phone": "+44 7700 900123",
            }
        ],
    )
    link = path_of(envelope["recipients"][0]["signing_url"])
    await client.get(link)
    page = await client.get(f"{link}/verify")
    assert "•••• 123" in page.text
    before = set(settings.outbox_dir.glob("*-sms-*.txt"))
    assert (await client.post(f"{link}/verify/send")).status_code == 303
    texts = set(settings.outbox_dir.glob("*-sms-*.txt")) - before
    body = next(iter(texts)).read_text()
    assert "+44 7700 900123" in body
    code = re.search(r"code is (\d{6})", body).group(1)
    assert (await client.post(f"{link}/verify", data={"code": code})).status_code == 303


async def test_access_code_given_by_the_sender_is_stored_hashed(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template = await import_template(client, org, with_identity("access_code"))
    envelope = await create_envelope(
        client,
        org,
        template["id"],
        recipients=[
            {
                "role": "customer",
                "name": "Al",
                "email": "al@example.com",
                "access_code": "blue heron 42",
            }
        ],
    )
    row = (
        await Recipient.select(Recipient.access_code_hash)
        .where(Recipient.envelope == uuid.UUID(envelope["id"]))
        .first()
    )
    assert row["access_code_hash"].startswith("$argon2") and "heron" not in row["access_code_hash"]
    link = path_of(envelope["recipients"][0]["signing_url"])
    await client.get(link)
    wrong = await client.post(f"{link}/verify", data={"code": "red heron"})
    assert wrong.status_code == 422 and "access code is not right" in wrong.text
    right = await client.post(f"{link}/verify", data={"code": "blue  heron 42"})
    assert right.status_code == 303
    await fill_demo(client, link)
    status = (await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)).json()
    assert status["recipients"][0]["status"] == "completed"


async def test_access_code_capital_letters_do_not_matter_and_each_try_counts_once(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """A signer typing "blue-42" for the sender's "BLUE-42" is let in; a code hashed as typed
    before capitals stopped mattering still opens in capitals or lower case; a wrong code is
    one failure against the lock-out however many forms of it are tried."""
    template = await import_template(client, org, with_identity("access_code"))
    envelopes = [
        await create_envelope(
            client,
            org,
            template["id"],
            recipients=[
                {"role": "customer", "name": "Al", "email": "al@example.com", "access_code": code}
            ],
        )
        for code in ("BLUE-42", "RED-7")
    ]
    new, old = (uuid.UUID(e["id"]) for e in envelopes)
    await Recipient.update(
        {Recipient.access_code_hash: hasher_for(settings).hash("RED-7")}  # hashed as typed
    ).where(Recipient.envelope == old)
    link = path_of(envelopes[0]["recipients"][0]["signing_url"])
    await client.get(link)
    wrong = await client.post(f"{link}/verify", data={"code": "Blue-43"})
    assert wrong.status_code == 422 and "4 more tries" in wrong.text
    failures = await Recipient.select(Recipient.identity_failures).where(Recipient.envelope == new)
    assert failures[0]["identity_failures"] == 1
    assert (await client.post(f"{link}/verify", data={"code": "blue-42"})).status_code == 303
    old_link = path_of(envelopes[1]["recipients"][0]["signing_url"])
    await client.get(old_link)
    assert (await client.post(f"{old_link}/verify", data={"code": "red-7"})).status_code == 303
    rehashed = await Recipient.select(Recipient.access_code_hash).where(Recipient.envelope == old)
    stored = rehashed[0]["access_code_hash"]  # re-stored lower case: later checks cost one
    assert hasher_for(settings).verify(stored, "red-7")


async def test_languages_from_the_browser_the_switcher_and_in_mails(
    mail_client: AsyncTestClient, org: Org, mailbox: Mailbox, mail_settings: Settings
) -> None:
    client = mail_client
    template = await import_template(client, org)
    envelope = await create_envelope(
        client,
        org,
        template["id"],
        recipients=[
            {"role": "customer", "name": "Lê Văn An", "email": "an@example.com", "language": "vi"}
        ],
    )
    await run_jobs(mail_settings)
    invitation = mailbox.to("an@example.com")[-1]
    assert (
        invitation["Subject"].startswith("My organisation")
        or "đề nghị bạn ký" in invitation["Subject"]
    )
    assert "đề nghị bạn ký" in Mailbox.text(invitation)
    link = path_of(envelope["recipients"][0]["signing_url"])
    page = await client.get(f"{link}/consent")
    assert "Sử dụng hồ sơ và chữ ký điện tử" in page.text and 'lang="vi"' in page.text
    switched = await client.post(
        f"{link}/language", data={"language": "fr", "return": f"{link}/consent"}
    )
    assert switched.headers["location"] == f"{link}/consent"
    french = await client.get(f"{link}/consent")
    assert "Utilisation de documents et de signatures électroniques" in french.text
    await client.post(
        f"{link}/language", data={"language": "zh-CN", "return": "https://evil.example/"}
    )
    chinese = await client.get(f"{link}/consent", headers={"Accept-Language": "fr"})
    assert "使用电子记录和电子签名" in chinese.text and 'lang="zh-Hans"' in chinese.text
    unknown = await client.get(
        "/s/" + "B" * 43 + "/", headers={"Accept-Language": "ms-MY,ms;q=0.9"}
    )
    assert unknown.status_code == 404 and "Pautan tandatangan ini tidak sah" in unknown.text
