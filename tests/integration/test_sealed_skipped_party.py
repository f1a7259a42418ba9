"""A party whose rule leaves them out (a guarantor only for large loans) is absent from the
sealed document: none of their questions in the answers, no empty signature line that a
reader would take for a signature still missing; the certificate says they took no part."""

import io
from typing import Any

from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from runtime.settings import Settings
from tests.integration.conftest import Org, csrf_from, import_template, open_link, path_of, run_jobs

GUARANTEED: dict[str, Any] = {
    "name": "Guaranteed loan",
    "roles": [
        {"key": "customer", "name": "Customer", "stage": 1},
        {
            "key": "guarantor",
            "name": "Guarantor",
            "stage": 2,
            "condition": {"==": [{"var": "needs_guarantor"}, True]},
        },
    ],
    "sections": [
        {
            "key": "loan",
            "title": "Your loan",
            "role": "customer",
            "fields": [
                {"key": "full_name", "component": "text", "label": "Full name", "required": True},
                {
                    "key": "needs_guarantor",
                    "component": "checkbox",
                    "label": "A guarantor will sign too",
                },
                {"key": "signature", "component": "signature", "label": "Your signature"},
            ],
        },
        {
            "key": "guarantee",
            "title": "Guarantee",
            "role": "guarantor",
            "fields": [
                {"key": "guarantor_name", "component": "text", "label": "Guarantor's full name"},
                {"key": "guarantor_signature", "component": "signature", "label": "Signature"},
            ],
        },
    ],
    "document": [
        {"kind": "heading", "text": "Loan agreement"},
        {"kind": "paragraph", "html": "<p>{{ full_name }} borrows the money.</p>"},
        {"kind": "fields"},
        {"kind": "signature", "role": "customer"},
        {"kind": "signature", "role": "guarantor"},
    ],
}


async def test_a_skipped_guarantor_is_absent_from_the_sealed_pdf(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template = await import_template(client, org, GUARANTEED)
    created = await client.post(
        "/api/v1/envelopes",
        headers=org.auth,
        json={
            "template_id": template["id"],
            "recipients": [
                {"role": "customer", "name": "Cat Customer", "email": "cat@example.com"},
                {"role": "guarantor", "name": "Gus Guarantor", "email": "gus@example.com"},
            ],
        },
    )
    assert created.status_code == 201, created.text
    envelope = created.json()
    link = path_of(envelope["recipients"][0]["signing_url"])
    token = csrf_from((await open_link(client, link)).text)
    step = await client.post(
        f"{link}/step/1",
        data={"_csrf_token": token, "full_name": "Cat Customer", "signature__typed": "Cat C"},
    )
    assert step.status_code == 303, step.text
    assert (await client.post(f"{link}/finish", data={"_csrf_token": token})).status_code == 303
    await run_jobs(settings)  # the guarantor is skipped, the envelope sealed
    pdf = await client.get(f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=org.auth)
    assert pdf.status_code == 200, pdf.text

    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages]
    certificate = " ".join(" ".join(p for p in pages if "Audit certificate" in p).split())
    document = " ".join(" ".join(p for p in pages if "Audit certificate" not in p).split())
    assert "Cat Customer borrows the money." in document
    assert "Full name Cat Customer" in document
    # the guarantor's question was never put to anyone, and nobody signs as guarantor
    assert "Guarantor's full name" not in document
    assert "Guarantor" not in document
    assert "Not signed" not in document
    assert document.count("typed signature") == 1
    # the certificate names the guarantor, saying they took no part (not "signed: —")
    guarantor = certificate.split("Gus Guarantor · Guarantor", 1)[1].split("Recipient", 1)[0]
    assert "Took part No: the template's rule for this role did not apply" in guarantor
    assert "Viewed · signed" not in guarantor
