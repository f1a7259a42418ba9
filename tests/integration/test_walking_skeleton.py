"""The whole path through real HTTP and a real database: import, send, fill, seal, verify."""

import hashlib

from litestar.testing import AsyncTestClient

from runtime.sealing import trust_roots, verify_pdf
from runtime.settings import Settings
from tests.integration.conftest import (
    Org,
    create_envelope,
    fill_demo,
    import_template,
    path_of,
    run_jobs,
)


async def test_import_send_fill_seal_verify(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template = await import_template(client, org)
    assert template["version"]["number"] == 1
    fetched = await client.get(f"/api/v1/templates/{template['id']}", headers=org.auth)
    assert fetched.json()["definition"] == template["definition"]

    envelope = await create_envelope(client, org, template["id"])
    assert envelope["status"] == "sent"
    link = path_of(envelope["recipients"][0]["signing_url"])
    assert len(link.rsplit("/", 1)[1]) >= 43  # 256 random bits, base64url

    await fill_demo(client, link, name="Zoë Ångström")
    status = (await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)).json()
    assert status["recipients"][0]["status"] == "completed"
    assert status["status"] == "in_progress"  # completed only once the seal exists

    not_yet = await client.get(f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=org.auth)
    assert not_yet.status_code == 409
    assert not_yet.headers["content-type"].startswith("application/problem+json")

    assert await run_jobs(settings) >= 1
    status = (await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)).json()
    assert status["status"] == "completed" and status["sealed"]
    assert status["answers"]["full_name"] == "Zoë Ångström"

    api_pdf = await client.get(f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=org.auth)
    signer_pdf = await client.get(f"{link}/sealed.pdf")
    assert api_pdf.status_code == 200 and api_pdf.headers["content-type"] == "application/pdf"
    assert api_pdf.content == signer_pdf.content

    report = verify_pdf(api_pdf.content, trust_roots(settings.keys_dir))
    assert report.ok and report.sealed_by_this_instance
    assert report.envelope_id == envelope["id"]

    done = await client.get(f"{link}/done")
    assert "Download the sealed PDF" in done.text and envelope["id"] in done.text


async def test_changed_byte_fails_verification(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    await fill_demo(client, path_of(envelope["recipients"][0]["signing_url"]))
    await run_jobs(settings)
    pdf = (
        await client.get(f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=org.auth)
    ).content

    page = await client.get("/verify")
    token = page.text.split('name="_csrf_token" value="')[1].split('"')[0]
    good = await client.post(
        "/verify",
        files={"file": ("sealed.pdf", pdf, "application/pdf")},
        data={"_csrf_token": token},
    )
    assert good.status_code == 200
    assert '<h1 class="panel__title">Valid</h1>' in good.text
    assert envelope["id"] in good.text

    position = len(pdf) // 3  # inside the first signed byte range
    tampered = pdf[:position] + bytes([pdf[position] ^ 0x01]) + pdf[position + 1 :]
    assert hashlib.sha256(tampered).digest() != hashlib.sha256(pdf).digest()
    report = verify_pdf(tampered, trust_roots(settings.keys_dir))
    assert not report.ok
    bad = await client.post(
        "/verify",
        files={"file": ("sealed.pdf", tampered, "application/pdf")},
        data={"_csrf_token": token},
    )
    assert bad.status_code == 200
    assert "Not valid" in bad.text


async def test_seal_job_runs_once(client: AsyncTestClient, org: Org, settings: Settings) -> None:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    link = path_of(envelope["recipients"][0]["signing_url"])
    await fill_demo(client, link)
    again = await client.post(f"{link}/finish")
    # a double submit changes nothing: it leads to the confirmation, as the first one did
    assert again.status_code == 303
    assert again.headers["location"].split("?")[0].endswith(f"{link}/done")
    assert await run_jobs(settings) >= 1
    assert await run_jobs(settings) == 0
