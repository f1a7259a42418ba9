"""Signers can read the document they are asked to accept before they sign it."""

import subprocess
import tempfile

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, create_envelope, import_template, open_link, path_of


def pdf_text(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        return subprocess.run(
            ["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True, check=True
        ).stdout


async def test_the_draft_document_has_the_clauses_and_answers_but_no_signature(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org)  # the demo service agreement
    envelope = await create_envelope(client, org, template["id"])
    link = path_of(envelope["recipients"][0]["signing_url"])
    before = await client.get(f"{link}/document.pdf")
    assert before.status_code in (302, 303)  # consent comes first, as for every page
    await open_link(client, link)
    await client.post(
        f"{link}/step/1/draft", data={"full_name": "Alex Draftreader", "company": "Acme"}
    )
    await client.post(f"{link}/step/2/draft", data={"signature__typed": "Alex Signedname"})

    response = await client.get(f"{link}/document.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    text = pdf_text(response.content)
    assert "Fees and payment" in text and "within 30 days of each invoice" in text
    assert "Alex Draftreader" in text and "Acme" in text  # autosaved answers, not yet accepted
    assert "Alex Signedname" not in text  # nothing in a draft looks signed
    assert "starting on __________." in text  # the start date is not answered yet
    assert "Not signed yet" in text and "Signed —" not in text
    assert "Not sealed: a draft to read" in text and "Verify at" not in text

    step1, step2 = await client.get(f"{link}/step/1"), await client.get(f"{link}/step/2")
    assert f'href="{link}/document.pdf"' not in step1.text
    assert f'href="{link}/document.pdf"' in step2.text  # where the signer signs
    review = await client.get(f"{link}/review")
    assert f'href="{link}/document.pdf"' in review.text
    assert "Read the document with your answers (PDF, opens in a new tab)" in review.text
