"""Organisation auto-sign: after the human signer, the organisation's stamp is applied on its
own, the envelope seals, and the sealed PDF shows the stamp image where its field is."""

import io
import subprocess
import uuid

import pytest
from pypdf import PdfReader

from runtime import audit
from runtime.settings import Settings
from runtime.stamps.service import deactivate_stamp, upload_stamp
from runtime.tables import Envelope, Job, Recipient
from tests.integration.conftest import (
    Org,
    create_envelope,
    fill_demo,
    import_template,
    path_of,
    run_jobs,
)
from tests.integration.stamps.helpers import stamp_definition, stamp_png


def _page_images(pdf: bytes) -> list[tuple[int, str]]:
    """(page number, image name) for every image XObject drawn on a page."""
    found = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, 1):
        found += [(number, image.name) for image in page.images]
    return found


async def _signed_envelope(client, org: Org) -> dict:
    template = await import_template(client, org, stamp_definition())
    envelope = await create_envelope(client, org, template["id"])
    company = next(r for r in envelope["recipients"] if r["role"] == "company")
    assert company["signing_url"] is None  # nobody gets a link for the organisation
    customer = next(r for r in envelope["recipients"] if r["role"] == "customer")
    await fill_demo(client, path_of(customer["signing_url"]))
    return envelope


def _customer_link(envelope: dict) -> str:
    return path_of(
        next(r for r in envelope["recipients"] if r["role"] == "customer")["signing_url"]
    )


async def test_stamp_applied_automatically_and_sealed(
    client, org: Org, settings: Settings, tmp_path
) -> None:
    stamp = await upload_stamp(
        settings, org.id, name="Company seal", data=stamp_png(), actor="admin@example.com"
    )
    envelope = await _signed_envelope(client, org)
    # the customer's confirmation page: the organisation stamps by itself in seconds, so it
    # says the document is being sealed and checks again (it said "Waiting for the other
    # parties" and never refreshed, so the download did not appear)
    done = await client.get(f"{_customer_link(envelope)}/done")
    assert 'data-seal-state="sealing"' in done.text and "data-seal-poll=" in done.text
    assert "Waiting for the other parties" not in done.text
    await run_jobs(settings)

    got = (await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)).json()
    assert got["status"] == "completed", got
    assert got["answers"]["company_stamp"] == str(stamp["id"])
    company = next(r for r in got["recipients"] if r["role"] == "company")
    assert company["status"] == "completed"
    notice = await Job.select().where(Job.dedupe_key == f"completed:{company['id']}").first()
    assert notice is None or (notice["status"] == "done" and not notice["last_error"])

    events = await audit.events(org.id, uuid.UUID(envelope["id"]))
    applied = [e for e in events if e["action"] == "stamp.applied"]
    assert len(applied) == 1
    assert applied[0]["actor"].endswith("(organisation auto-sign)")
    assert applied[0]["data"]["stamp_id"] == str(stamp["id"])
    assert applied[0]["data"]["image_sha256"] == stamp["sha256"]
    # the organisation role has no email: the trail names it without an empty "<>"
    invited = [e["actor"] for e in events if e["action"] == "recipient.notified"]
    assert any(actor.endswith("(company)") for actor in invited)
    assert not any("<>" in e["actor"] for e in events)

    pdf = await client.get(f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=org.auth)
    assert pdf.status_code == 200
    images = _page_images(pdf.content)
    reader = PdfReader(io.BytesIO(pdf.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert text.count("Company stamp applied") == 1  # under the stamp only, not the signature
    assert "Company stamps" in text and stamp["sha256"][:16] in text.replace("\n", "")
    # the organisation's recipient says why it has no browser, identity check or consent
    # (it read "— · —", "—" and "—")
    words = " ".join(text.split())
    assert "IP address · user agent None: signed automatically by the organisation" in words
    assert "None needed: the organisation signed automatically with its company stamp" in words
    assert "Consent given Not asked: signed automatically by the organisation" in words
    assert "— · —" not in words
    # it opened no link: no "Viewed · signed — · <time>", but how and when it signed
    assert "Signed Automatically by the organisation, 20" in words
    assert "Viewed · signed — ·" not in words
    # The page with the stamp carries an image XObject the size of the stamp.
    stamp_page = next(
        n
        for n, page in enumerate(reader.pages, 1)
        if "Company stamp applied" in page.extract_text()
    )
    assert any(n == stamp_page for n, _ in images), images
    sizes = [(i.image.width, i.image.height) for i in reader.pages[stamp_page - 1].images]
    assert (240, 240) in sizes, sizes
    out = tmp_path / "sealed.pdf"
    out.write_bytes(pdf.content)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(out), str(tmp_path / "page")], check=True)


async def test_without_a_usable_stamp_the_organisation_waits(
    client, org: Org, settings: Settings
) -> None:
    stamp = await upload_stamp(settings, org.id, name="Old seal", data=stamp_png(), actor="a")
    await deactivate_stamp(org.id, stamp["id"], actor="a")
    envelope = await _signed_envelope(client, org)
    await run_jobs(settings)
    done = await client.get(f"{_customer_link(envelope)}/done")  # no stamp: not "sealing"
    assert 'data-seal-state="retrying"' in done.text or 'data-seal-state="failed"' in done.text
    row = (
        await Envelope.select(Envelope.status)
        .where(Envelope.id == uuid.UUID(envelope["id"]))
        .first()
    )
    assert row["status"] == "in_progress"
    company = (
        await Recipient.select()
        .where((Recipient.envelope == uuid.UUID(envelope["id"])) & (Recipient.role == "company"))
        .first()
    )
    assert company["status"] == "notified"
    job = await Job.select().where(Job.dedupe_key == f"auto-sign:{company['id']}").first()
    assert job is not None and "no default company stamp" in job["last_error"]
    resend = await client.post(
        f"/api/v1/envelopes/{envelope['id']}/recipients/{company['id']}/resend", headers=org.auth
    )
    assert resend.status_code == 409 and "organisation itself" in resend.text


@pytest.mark.parametrize("recipient_role", ["company"])
async def test_a_recipient_for_the_organisation_role_is_refused(
    client, org: Org, recipient_role: str
) -> None:
    template = await import_template(client, org, stamp_definition())
    body = {
        "template_id": template["id"],
        "recipients": [
            {"role": "customer", "name": "Alex", "email": "alex@example.com"},
            {"role": recipient_role, "name": "Mallory", "email": "m@example.com"},
        ],
    }
    answer = await client.post("/api/v1/envelopes", json=body, headers=org.auth)
    assert answer.status_code == 422, answer.text
    assert "signed by the organisation" in answer.text
