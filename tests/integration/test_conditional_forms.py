"""The server is the authority on conditions: visibility, hidden values, computed values, roles."""

import io
import json
import subprocess
import tempfile
import uuid

from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from runtime.settings import Settings
from runtime.tables import Recipient
from tests.integration.conftest import Org, csrf_from, import_template, open_link, path_of, run_jobs

LOAN = {
    "name": "Business loan",
    "roles": [
        {"key": "customer", "name": "Customer", "stage": 1},
        {
            "key": "manager",
            "name": "Manager",
            "kind": "approver",
            "stage": 2,
            "condition": {">": [{"var": "loan_amount"}, 10000]},
        },
    ],
    "sections": [
        {
            "key": "applicant",
            "title": "About you",
            "role": "customer",
            "fields": [
                {
                    "key": "applicant_type",
                    "component": "radio",
                    "label": "You apply as",
                    "required": True,
                    "options": [
                        {"value": "person", "label": "A private person"},
                        {"value": "company", "label": "A company"},
                    ],
                },
                {"key": "full_name", "component": "text", "label": "Full name", "required": True},
                {
                    "key": "company_name",
                    "component": "text",
                    "label": "Company name",
                    "required": True,
                    "visible_if": {"==": [{"var": "applicant_type"}, "company"]},
                },
            ],
        },
        {
            "key": "company",
            "title": "Directors",
            "role": "customer",
            "visible_if": {"==": [{"var": "applicant_type"}, "company"]},
            "fields": [
                {
                    "key": "directors",
                    "component": "group",
                    "label": "Directors",
                    "required": True,
                    "validation": {"min_rows": 1, "row_label": "Director"},
                    "fields": [
                        {"key": "name", "component": "text", "label": "Name", "required": True},
                        {"key": "share", "component": "number", "label": "Share (%)"},
                    ],
                },
                {
                    "key": "total_share",
                    "component": "computed",
                    "label": "Total share",
                    "expression": {"sum": [{"var": "directors"}, "share"]},
                },
            ],
        },
        {
            "key": "loan",
            "title": "Your loan",
            "role": "customer",
            "fields": [
                {
                    "key": "loan_amount",
                    "component": "money",
                    "label": "Loan amount",
                    "required": True,
                    "validation": {"currency": "EUR"},
                },
                {
                    "key": "fee",
                    "component": "computed",
                    "label": "Arrangement fee",
                    "expression": {"*": [{"var": "loan_amount"}, "0.015"]},
                    "validation": {"format": "money", "currency": "EUR"},
                },
            ],
        },
        {
            "key": "sign",
            "title": "Sign",
            "role": "customer",
            "fields": [
                {
                    "key": "signature",
                    "component": "signature",
                    "label": "Signature",
                    "required": True,
                }
            ],
        },
    ],
    "document": [
        {"kind": "heading", "text": "Loan agreement"},
        {"kind": "paragraph", "html": "<p>Borrower: {{ full_name }}.</p>"},
        {
            "kind": "paragraph",
            "html": "<p>On behalf of {{ company_name }}.</p>",
            "visible_if": {"==": [{"var": "applicant_type"}, "company"]},
        },
        {"kind": "fields"},
        {"kind": "signature", "role": "customer"},
    ],
}


async def start(client: AsyncTestClient, org: Org) -> tuple[dict, str, str]:
    template = await import_template(client, org, LOAN)
    response = await client.post(
        "/api/v1/envelopes",
        headers=org.auth,
        json={
            "template_id": template["id"],
            "recipients": [
                {"role": "customer", "name": "Pat Borrower", "email": "pat@example.com"},
                {"role": "manager", "name": "Mia Manager", "email": "mia@example.com"},
            ],
        },
    )
    assert response.status_code == 201, response.text
    envelope = response.json()
    link = path_of(
        next(r for r in envelope["recipients"] if r["role"] == "customer")["signing_url"]
    )
    page = await open_link(client, link)
    return envelope, link, csrf_from(page.text)


async def post(client: AsyncTestClient, url: str, token: str, **data):
    return await client.post(url, data={"_csrf_token": token, **data})


def pdf_text(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        return subprocess.run(
            ["pdftotext", f.name, "-"], capture_output=True, text=True, check=True
        ).stdout


async def test_hidden_values_never_reach_the_pdf(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    envelope, link, token = await start(client, org)
    step1 = await post(
        client,
        f"{link}/step/1",
        token,
        applicant_type="person",
        full_name="Pat Borrower",
        company_name="SECRET CORP",
    )
    assert step1.status_code == 303
    assert step1.headers["location"].endswith("/step/2")  # the directors step is hidden
    loan_page = await client.get(f"{link}/step/2")
    assert "Your loan" in loan_page.text and "Step 2 of 4" in loan_page.text
    assert (await post(client, f"{link}/step/2", token, loan_amount="5000")).status_code == 303
    assert (
        await post(client, f"{link}/step/3", token, signature__typed="Pat Borrower")
    ).status_code == 303
    review = await client.get(f"{link}/review")
    assert "SECRET CORP" not in review.text and "EUR 75.00" in review.text.replace("€", "EUR ")
    assert (await post(client, f"{link}/finish", token)).status_code == 303
    await run_jobs(settings)

    status = (await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)).json()
    assert status["status"] == "completed"  # the manager's condition is false: skipped
    assert {r["role"]: r["status"] for r in status["recipients"]}["manager"] == "skipped"
    assert "company_name" not in status["answers"]
    assert status["answers"]["fee"] == {"amount": "75.00", "currency": "EUR"}
    pdf = (
        await client.get(f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=org.auth)
    ).content
    text = pdf_text(pdf)
    assert "SECRET CORP" not in text and "On behalf of" not in text
    assert "Borrower: Pat Borrower." in text
    reader = PdfReader(io.BytesIO(pdf))
    embedded = {name: data for name, data in reader.attachments.items()}
    answers = json.loads(next(iter(embedded.values()))[0])
    assert "company_name" not in answers


async def test_company_path_with_rows_and_a_conditional_approver(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    envelope, link, token = await start(client, org)
    # required applies to visible fields only: company_name is required once "company" is chosen
    missing = await post(client, f"{link}/step/1", token, applicant_type="company", full_name="Pat")
    assert missing.status_code == 422 and "Enter company name" in missing.text
    ok = await post(
        client,
        f"{link}/step/1",
        token,
        applicant_type="company",
        full_name="Pat",
        company_name="Acme Ltd",
    )
    assert ok.headers["location"].endswith("/step/2")
    directors = await client.get(f"{link}/step/2")
    assert "Director 1" in directors.text and "Step 2 of 5" in directors.text
    added = await post(
        client,
        f"{link}/step/2",
        token,
        directors__0__name="Ann",
        directors__0__share="60",
        directors__add="1",
    )
    assert added.status_code == 303 and added.headers["location"].endswith(
        "/step/2#row-directors-2"
    )
    added = await client.get(f"{link}/step/2")
    assert "Director 2" in added.text and 'value="Ann"' in added.text
    bad_row = await post(
        client,
        f"{link}/step/2",
        token,
        directors__0__name="Ann",
        directors__0__share="60",
        directors__1__name="",
        directors__1__share="40",
    )
    assert bad_row.status_code == 422 and "Director 2" in bad_row.text
    assert 'id="error-directors__1__name"' in bad_row.text  # the row's own error, in place
    saved = await post(
        client,
        f"{link}/step/2",
        token,
        directors__0__name="Ann",
        directors__0__share="60",
        directors__1__name="Ben",
        directors__1__share="40",
    )
    assert saved.status_code == 303
    assert (await post(client, f"{link}/step/3", token, loan_amount="20000")).status_code == 303
    assert (await post(client, f"{link}/step/4", token, signature__typed="Pat")).status_code == 303
    assert (await post(client, f"{link}/finish", token)).status_code == 303
    await run_jobs(settings)
    manager = (
        await Recipient.select(Recipient.status)
        .where((Recipient.envelope == uuid.UUID(envelope["id"])) & (Recipient.role == "manager"))
        .first()
    )
    assert manager["status"] == "notified"
    status = (await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)).json()
    assert status["answers"]["total_share"] in (100, "100", "100.00", 100.0)
    assert [d["name"] for d in status["answers"]["directors"]] == ["Ann", "Ben"]
