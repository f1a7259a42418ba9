"""A company stamp an administrator did not allow for auto-sign is the by-hand set-up, not a
failure: the `auto_sign` job ends at once (no retries, nothing on Settings → Problems), the
administrators and the users the stamp is granted to get one mail with the envelope's link,
the timeline says it waits to be applied by hand, and applying it by hand seals it. It was
retried five times, then mailed "Company stamp failed" and listed as a red failure."""

import email
import email.policy
import uuid
from email.message import EmailMessage

from litestar.testing import AsyncTestClient

from designer.accounts.service import create_user
from runtime.accounts.service import create_api_key
from runtime.jobs.worker import Worker
from runtime.settings import Settings
from runtime.stamps.service import update_permissions, upload_stamp
from runtime.tables import Envelope, Job, Recipient
from tests.integration.conftest import (
    Org,
    create_envelope,
    csrf_from,
    fill_demo,
    import_template,
    path_of,
    run_jobs,
)
from tests.integration.designer.conftest import PASSWORD, Author, sign_in
from tests.integration.stamps.helpers import stamp_definition, stamp_png

SUBJECT = "Company stamp to apply by hand: Service agreement with company stamp"


def _mails_to(settings: Settings, address: str) -> list[EmailMessage]:
    found = []
    for path in sorted(settings.outbox_dir.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if address in str(message["To"]):
            found.append(message)
    return found  # type: ignore[return-value]


def _body(message: EmailMessage, kind: str) -> str:
    part = message.get_body(preferencelist=(kind,))
    assert part is not None
    return str(part.get_content())


async def _member(org: uuid.UUID, role: str, name: str) -> tuple[Author, uuid.UUID]:
    address = f"{role}-{uuid.uuid4().hex[:8]}@example.com"
    user_id = await create_user(org, address, PASSWORD, name=name, role=role)
    return Author(address, PASSWORD, org), user_id


async def test_a_stamp_not_allowed_for_auto_sign_waits_for_a_hand_without_failing(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "tests"))
    stamp = await upload_stamp(
        settings, org.id, name="Board seal", data=stamp_png(), actor="a", auto_sign=False
    )
    granted, granted_id = await _member(org.id, "sender", "Gina Granted")
    other, _ = await _member(org.id, "sender", "Otto Other")
    await update_permissions(
        org.id, stamp["id"], auto_sign=False, granted_to=[str(granted_id)], actor="a"
    )
    template = await import_template(client, org, stamp_definition())
    envelope = await create_envelope(client, org, template["id"])
    envelope_id = uuid.UUID(envelope["id"])
    customer = next(r for r in envelope["recipients"] if r["role"] == "customer")
    await fill_demo(client, path_of(customer["signing_url"]))
    company = (
        await Recipient.select(Recipient.id)
        .where((Recipient.envelope == envelope_id) & (Recipient.role == "company"))
        .first()
    )

    await Worker(settings, kinds=("auto_sign",)).run_until_idle()
    job = await Job.select().where(Job.dedupe_key == f"auto-sign:{company['id']}").first()
    assert job["status"] == "done", job["last_error"]  # not queued to retry, not failed
    assert job["attempts"] == 1 and job["last_error"] == ""
    await run_jobs(settings)  # the mails go out; running again mails nobody twice
    await run_jobs(settings)

    [to_admin] = _mails_to(settings, author.email)
    [to_granted] = _mails_to(settings, granted.email)
    assert _mails_to(settings, other.email) == []  # not granted, not an administrator
    page_link = f"http://testserver.local/designer/envelopes/{envelope_id}"
    for mail, name in ((to_admin, "Test Author"), (to_granted, "Gina Granted")):
        assert mail["Subject"] == SUBJECT
        text = _body(mail, "plain")
        assert f"Hello {name}," in text
        assert 'waits for your organisation\'s company stamp "Board seal" to be applied by' in text
        assert page_link in text and "failed" not in text
        assert f'href="{page_link}"' in _body(mail, "html")

    await sign_in(client, author)
    problems = (await client.get("/designer/settings/problems")).text
    assert str(envelope_id) not in problems and "Company stamp (auto-sign)" not in problems
    seals = (await client.get("/designer/settings/problems?show=seals")).text
    assert "Nothing is stuck" in seals
    page = (await client.get(f"/designer/envelopes/{envelope_id}")).text
    assert "Waiting for the company stamp to be applied by hand" in page  # the timeline
    assert "“Board seal”: not allowed for auto-sign; those who may apply it were emailed" in page
    assert "company stamp notice to " + author.email in page  # the mail, in the timeline
    assert "could not be applied" not in page and "has been told" not in page
    assert "Its company stamp is not allowed for auto-sign, so it is applied by hand" in page
    assert "Apply company stamp" in page  # the administrator may apply it

    token = csrf_from(page)
    await client.post("/designer/logout", data={"_csrf_token": token})
    await sign_in(client, granted)
    page = (await client.get(f"/designer/envelopes/{envelope_id}")).text
    applied = await client.post(
        f"/designer/envelopes/{envelope_id}/stamp",
        data={"_csrf_token": csrf_from(page), "stamp_id": str(stamp["id"])},
    )
    assert applied.status_code == 303
    await run_jobs(settings)
    row = await Envelope.select(Envelope.status, Envelope.sealed_file).where(
        Envelope.id == envelope_id
    )
    assert row[0]["status"] == "completed" and row[0]["sealed_file"] is not None
