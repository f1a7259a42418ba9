"""The certificate words a copy-only (cc) person truthfully: they get the sealed PDF and
never a signing link, so their identity checks are not "None beyond the personal signing
link", and they were not asked to sign or to consent (as the organisation's stamp role's
rows say why it has no link)."""

import io

from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from runtime.settings import Settings
from tests.integration.conftest import (
    Org,
    create_envelope,
    demo_definition,
    fill_demo,
    import_template,
    path_of,
    run_jobs,
)


async def test_a_copy_only_person_has_no_signing_link_in_the_certificate(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    definition = demo_definition()
    definition["roles"].append({"key": "hr", "name": "HR", "kind": "cc"})
    template = await import_template(client, org, definition)
    people = [
        {"role": "customer", "name": "Alex Example", "email": "alex@example.com"},
        {"role": "hr", "name": "Harriet Copy", "email": "hr@example.com"},
    ]
    envelope = await create_envelope(client, org, template["id"], recipients=people)
    signer = next(r for r in envelope["recipients"] if r["role"] == "customer")
    await fill_demo(client, path_of(signer["signing_url"]))
    await run_jobs(settings)
    pdf = await client.get(f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=org.auth)
    assert pdf.status_code == 200, pdf.text

    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages]
    certificate = " ".join(" ".join(p for p in pages if "Audit certificate" in p).split())
    signed = certificate.split("Alex Example · Customer", 1)[1].split("Recipient", 1)[0]
    assert "None beyond the personal signing link sent to this email address" in signed

    copy = certificate.split("Harriet Copy · HR · hr@example.com", 1)[1].split("Recipient", 1)[0]
    assert "signing link" not in copy.replace("no signing link", "")
    assert (
        "Identity checks None needed: this person only receives a copy of the sealed "
        "document, with no signing link" in copy
    )
    assert "IP address · user agent None: this person only receives a copy" in copy
    assert "Signed Not asked to sign: this person only receives a copy" in copy
    assert "Consent given Not asked: this person only receives a copy" in copy
    assert "Viewed · signed" not in copy
