"""Applying the company stamp by hand from the envelope's page, when auto-sign may not:
only administrators and users the stamp is granted to; audited; the envelope then seals."""

import io
import uuid

from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from designer.accounts.service import create_user
from runtime import audit
from runtime.accounts.service import create_api_key
from runtime.settings import Settings
from runtime.stamps.service import update_permissions, upload_stamp
from runtime.tables import Envelope
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


async def _member(org: uuid.UUID, role: str) -> tuple[Author, uuid.UUID]:
    email = f"{role}-{uuid.uuid4().hex[:8]}@example.com"
    user_id = await create_user(org, email, PASSWORD, role=role)
    return Author(email, PASSWORD, org), user_id


async def test_a_granted_sender_applies_the_stamp_by_hand(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "tests"))
    stamp = await upload_stamp(
        settings, org.id, name="Board seal", data=stamp_png(), actor="a", auto_sign=False
    )
    granted, granted_id = await _member(org.id, "sender")
    other, _ = await _member(org.id, "sender")
    await update_permissions(
        org.id, stamp["id"], auto_sign=False, granted_to=[str(granted_id)], actor="a"
    )
    template = await import_template(client, org, stamp_definition())
    envelope = await create_envelope(client, org, template["id"])
    customer = next(r for r in envelope["recipients"] if r["role"] == "customer")
    await fill_demo(client, path_of(customer["signing_url"]))
    await run_jobs(settings)  # auto-sign may not use this stamp: it waits
    page_url = f"/designer/envelopes/{envelope['id']}"

    token = await sign_in(client, other)
    page = await client.get(page_url)
    assert "Waiting for the company stamp" in page.text
    assert "Apply company stamp" not in page.text and "Only administrators" in page.text
    refused = await client.post(
        f"{page_url}/stamp", data={"_csrf_token": token, "stamp_id": str(stamp["id"])}
    )
    assert refused.status_code == 403

    await client.post("/designer/logout", data={"_csrf_token": token})
    await sign_in(client, granted)
    page = await client.get(page_url)
    assert "Apply company stamp" in page.text and "Board seal" in page.text
    applied = await client.post(
        f"{page_url}/stamp",
        data={"_csrf_token": csrf_from(page.text), "stamp_id": str(stamp["id"])},
    )
    assert applied.status_code == 303
    assert "The company stamp was applied." in (await client.get(applied.headers["location"])).text
    await run_jobs(settings)
    row = (
        await Envelope.select(Envelope.status)
        .where(Envelope.id == uuid.UUID(envelope["id"]))
        .first()
    )
    assert row["status"] == "completed"
    events = await audit.events(org.id, uuid.UUID(envelope["id"]))
    (event,) = [e for e in events if e["action"] == "stamp.applied"]
    assert event["actor"] == f"{granted.email} (by hand)" and event["data"]["how"] == "by hand"
    assert event["data"]["image_sha256"] == stamp["sha256"]
    # the certificate says the organisation's recipient was stamped by hand, not "— · —"
    pdf = await client.get(f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=org.auth)
    reader = PdfReader(io.BytesIO(pdf.content))
    words = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Not recorded: the company stamp was applied by hand (see Company stamps)" in words
    assert "By a user signed in to formseal (see Company stamps)" in words
    assert "Not asked: a company stamp applied by hand" in words
    assert "Signed By hand with the company stamp, 20" in words  # not "Viewed · signed — ·"
    assert "Viewed · signed — ·" not in words
    assert "(by hand)" in words  # who: the Company stamps table
    again = await client.post(
        f"{page_url}/stamp",
        data={"_csrf_token": csrf_from(page.text), "stamp_id": str(stamp["id"])},
    )
    assert again.status_code == 409  # nothing is waiting any more
