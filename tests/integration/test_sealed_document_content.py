"""What the signer saw is what they sign: computed values appear in the sealed PDF's answers
(worked out from the final answers) and in answers.json, and every signer's signature is on
the document pages even when the author placed no signature block for them."""

import io
import json
import re
from typing import Any

from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from runtime.settings import Settings
from runtime.tables import Envelope
from tests.integration.conftest import Org, csrf_from, import_template, open_link, path_of, run_jobs

LOAN: dict[str, Any] = {
    "name": "Personal loan",
    "roles": [
        {"key": "borrower", "name": "Borrower", "stage": 1},
        {"key": "guarantor", "name": "Guarantor", "stage": 2},
    ],
    "sections": [
        {
            "key": "loan",
            "title": "Your loan",
            "role": "borrower",
            "fields": [
                {"key": "full_name", "component": "text", "label": "Full name", "required": True},
                {
                    "key": "amount",
                    "component": "money",
                    "label": "Amount borrowed",
                    "required": True,
                    "validation": {"currency": "GBP"},
                },
                {"key": "months", "component": "number", "label": "Months", "required": True},
                {
                    "key": "repayment",
                    "component": "computed",
                    "label": "Monthly repayment",
                    "expression": {"/": [{"var": "amount"}, {"var": "months"}]},
                    "validation": {"format": "money", "currency": "GBP"},
                },
                {
                    "key": "borrower_signature",
                    "component": "signature",
                    "label": "Signature",
                    "required": True,
                },
            ],
        },
        {
            "key": "guarantee",
            "title": "Guarantee",
            "role": "guarantor",
            "fields": [
                {
                    "key": "guarantor_signature",
                    "component": "signature",
                    "label": "Signature",
                    "required": True,
                }
            ],
        },
    ],
    # the author wrote the terms and the answers table, but placed no signature block
    "document": [
        {"kind": "heading", "text": "Loan agreement"},
        {"kind": "paragraph", "html": "<p>{{ full_name }} repays {{ repayment }} a month.</p>"},
        {"kind": "fields"},
    ],
}


async def _sign(client: AsyncTestClient, link: str, steps: list[dict[str, str]]) -> str:
    """Answer each step, then finish; returns the Check your answers page as seen."""
    token = csrf_from((await open_link(client, link)).text)
    for number, data in enumerate(steps, start=1):
        answer = await client.post(f"{link}/step/{number}", data={"_csrf_token": token, **data})
        assert answer.status_code == 303, answer.text
    review = await client.get(f"{link}/review")
    done = await client.post(f"{link}/finish", data={"_csrf_token": token})
    assert done.status_code == 303, done.text
    return review.text


async def _sealed(
    client: AsyncTestClient, org: Org, settings: Settings, *, stale: bool = False
) -> tuple[bytes, str]:
    """Both parties sign; the sealed PDF. `stale`: the stored computed value is wrong when
    the seal is made (sealing must work it out again, not copy it)."""
    template = await import_template(client, org, LOAN)
    created = await client.post(
        "/api/v1/envelopes",
        headers=org.auth,
        json={
            "template_id": template["id"],
            "recipients": [
                {"role": "borrower", "name": "Bea Borrower", "email": "bea@example.com"},
                {"role": "guarantor", "name": "Gus Guarantor", "email": "gus@example.com"},
            ],
        },
    )
    assert created.status_code == 201, created.text
    envelope = created.json()
    links = {r["role"]: path_of(r["signing_url"]) for r in envelope["recipients"]}
    borrower = {"full_name": "Bea Borrower", "amount": "6000", "months": "12"}
    review = await _sign(
        client, links["borrower"], [{**borrower, "borrower_signature__typed": "Bea Borrower"}]
    )
    assert "500.00" in review  # what the borrower saw before signing
    await run_jobs(settings)
    await _sign(client, links["guarantor"], [{"guarantor_signature__typed": "Gus Guarantor"}])
    if stale:
        row = await Envelope.select(Envelope.answers).where(Envelope.id == envelope["id"]).first()
        assert row is not None
        answers = row["answers"] if isinstance(row["answers"], dict) else json.loads(row["answers"])
        answers["repayment"] = {"amount": "1.00", "currency": "GBP"}
        await Envelope.update({Envelope.answers: answers}).where(Envelope.id == envelope["id"])
    await run_jobs(settings)
    pdf = await client.get(f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=org.auth)
    assert pdf.status_code == 200, pdf.text
    return pdf.content, envelope["id"]


def _document_text(pdf: bytes) -> str:
    """The document pages' text (the certificate excluded), spaces folded."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = [p.extract_text() for p in reader.pages]
    document = [p for p in pages if "Audit certificate" not in p and "AUDIT CERTIFICATE" not in p]
    return " ".join(" ".join(document).split())


async def test_computed_values_are_in_the_sealed_pdf_and_answers_json(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    pdf, _ = await _sealed(client, org, settings, stale=True)
    text = _document_text(pdf)
    # the computed value is in the answers table, as Check your answers showed it
    assert "Monthly repayment £500.00" in text
    assert "repays £500.00 a month" in text
    reader = PdfReader(io.BytesIO(pdf))
    answers = json.loads(reader.attachments["answers.json"][0])
    assert answers["repayment"] == {"amount": "500.00", "currency": "GBP"}


async def test_signers_placed_nowhere_sign_in_a_signatures_section(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    pdf, _ = await _sealed(client, org, settings)
    # no signature block was authored: the document pages end with each signer's signature
    tail = _document_text(pdf).split("Monthly repayment £500.00", 1)[1]
    assert tail.startswith(" Signatures ")
    for name, role in (("Bea Borrower", "Borrower"), ("Gus Guarantor", "Guarantor")):
        assert re.search(rf"{name} {role} Signed \d+ \w+ 20\d\d, [\d:]+\s?UTC", tail), tail
    assert tail.count("typed signature") == 2
