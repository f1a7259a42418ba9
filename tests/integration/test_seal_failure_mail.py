"""A seal that fails for good mails the organisation's administrators (and only them), from
the outbox: envelope id, template, reason and the link to Settings → Problems (seals only). SQLite and PostgreSQL."""

import email
import email.policy
import uuid
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest
from litestar.testing import AsyncTestClient

from designer.accounts.service import create_user
from designer.tables import DesignerUser
from runtime.accounts.service import ensure_organisation
from runtime.jobs.seal import retry_seal, seal_job_key, seal_status
from runtime.settings import Settings
from runtime.tables import Job
from tests.integration.conftest import Org, create_envelope, fill_demo, import_template, path_of
from tests.integration.conftest import run_jobs as run_all_jobs

PASSWORD = "correct horse battery staple"


async def _user(org_id: uuid.UUID, role: str, *, name: str = "", active: bool = True) -> str:
    address = f"{role}-{uuid.uuid4().hex[:8]}@example.com"
    user_id = await create_user(org_id, address, PASSWORD, name=name, role=role)
    if not active:
        await DesignerUser.update({DesignerUser.active: False}).where(DesignerUser.id == user_id)
    return address


def _mails_to(settings: Settings, address: str) -> list[EmailMessage]:
    found = []
    for path in sorted(settings.outbox_dir.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if address in str(message["To"]):
            found.append(message)
    return found  # type: ignore[return-value]


def _text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return part.get_content()


def _html(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    return part.get_content()


async def test_admins_are_mailed_when_a_seal_gives_up(
    client: AsyncTestClient, org: Org, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runtime.sealing import keys

    admin = await _user(org.id, "admin", name="Ada Admin")
    author = await _user(org.id, "author")
    retired = await _user(org.id, "admin", active=False)
    elsewhere = await _user(await ensure_organisation(f"Other {uuid.uuid4().hex[:6]}"), "admin")

    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    await fill_demo(client, path_of(envelope["recipients"][0]["signing_url"]))
    envelope_id = uuid.UUID(envelope["id"])
    await Job.update({Job.max_attempts: 1}).where(Job.dedupe_key == seal_job_key(envelope_id))
    later = datetime.now(UTC) + timedelta(days=4 * 365)
    monkeypatch.setattr(keys, "_now", lambda: later)  # the sealing certificate has expired

    await run_all_jobs(settings)  # the seal fails for good, then the mail jobs run

    status = await seal_status(envelope_id)
    assert status.state == "failed"
    [mail] = _mails_to(settings, admin)
    for nobody in (author, retired, elsewhere):
        assert _mails_to(settings, nobody) == []
    assert mail["Subject"] == "Sealing failed: Service agreement"
    text = _text(mail)
    assert "Hello Ada Admin," in text
    assert f"could not seal envelope {envelope_id}" in text
    assert "The sealing certificate expired on" in text  # the reason, in words
    assert "SealingError" not in text
    assert "http://testserver.local/designer/settings/problems?show=seals" in text
    assert "Template: Service agreement (version 1)" in text
    html = _html(mail)
    assert 'href="http://testserver.local/designer/settings/problems?show=seals"' in html
    assert str(envelope_id) in html and "The sealing certificate expired on" in html

    # retried by hand and failing again: the administrators hear about it again
    assert await retry_seal(envelope_id, actor="ops@example.com")
    await Job.update({Job.max_attempts: 1}).where(Job.dedupe_key == seal_job_key(envelope_id))
    await run_all_jobs(settings)
    assert (await seal_status(envelope_id)).state == "failed"
    assert len(_mails_to(settings, admin)) == 2

    # a retry that works sends no failure mail
    monkeypatch.undo()
    assert await retry_seal(envelope_id, actor="ops@example.com")
    await run_all_jobs(settings)
    assert (await seal_status(envelope_id)).state == "sealed"
    assert len(_mails_to(settings, admin)) == 2


async def test_admins_are_mailed_when_the_company_stamp_gives_up(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    from runtime.tables import Recipient
    from tests.integration.stamps.helpers import stamp_definition

    admin = await _user(org.id, "admin", name="Ada Admin")
    template = await import_template(client, org, stamp_definition())  # no stamp uploaded
    envelope = await create_envelope(client, org, template["id"])
    customer = next(r for r in envelope["recipients"] if r["role"] == "customer")
    await fill_demo(client, path_of(customer["signing_url"]))
    company = (
        await Recipient.select(Recipient.id)
        .where((Recipient.envelope == uuid.UUID(envelope["id"])) & (Recipient.role == "company"))
        .first()
    )
    await Job.update({Job.max_attempts: 1}).where(Job.dedupe_key == f"auto-sign:{company['id']}")

    await run_all_jobs(settings)

    [mail] = _mails_to(settings, admin)
    assert mail["Subject"].startswith("Company stamp failed: ")
    text = _text(mail)
    assert "could not apply your organisation's company stamp to envelope" in text
    assert envelope["id"] in text and "no default company stamp" in text
    assert "http://testserver.local/designer/settings/problems?show=seals" in text
