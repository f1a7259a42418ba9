"""Signers can read the document they are asked to accept before they sign it."""

import asyncio
import subprocess
import tempfile
import weakref

import pytest
from litestar.testing import AsyncTestClient

from runtime.signing import draft_document
from tests.integration.conftest import (
    Org,
    create_envelope,
    fill_demo,
    import_template,
    open_link,
    path_of,
)


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
    # saved from its tab under the document's name, not as a bare "draft.pdf"
    assert response.headers["content-disposition"] == (
        'inline; filename="Service agreement - draft.pdf"; '
        "filename*=UTF-8''Service%20agreement%20%E2%80%93%20draft.pdf"
    )
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
    # the review shows once every step is answered (before, it leads to the step)
    details = {"full_name": "Alex Draftreader", "email": "alex@example.com"}
    await client.post(f"{link}/step/1", data={**details, "start_date": "2030-01-02"})
    await client.post(f"{link}/step/2", data={"accept_terms": "yes", "signature__typed": "Alex"})
    review = await client.get(f"{link}/review")
    assert f'href="{link}/document.pdf"' in review.text
    assert "Read the document with your answers (PDF, opens in a new tab)" in review.text


async def test_the_draft_after_signing_leads_to_the_confirmation(
    client: AsyncTestClient, org: Org
) -> None:
    """ "Read the document with your answers" in a tab left open after signing in another:
    the draft is gone, and the link said "This cannot be done now. You have already
    finished this document." (409), a dead end; it leads to the confirmation and the sealed
    PDF now, as the steps do."""
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    link = path_of(envelope["recipients"][0]["signing_url"])
    await fill_demo(client, link)
    after = await client.get(f"{link}/document.pdf")
    assert after.status_code in (302, 303) and after.headers["location"] == f"{link}/done"
    shown = await client.get(after.headers["location"])
    assert shown.status_code == 200 and "Your reference" in shown.text


async def test_at_most_render_slots_drafts_render_at_once_and_others_wait_their_turn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One link holder reloading the draft cannot take the web process's CPU: at most
    RENDER_SLOTS render at once; the others wait, and one that waits too long is refused."""
    monkeypatch.setattr(draft_document, "_slots", weakref.WeakKeyDictionary())
    running, most = 0, 0

    async def render(seconds: float) -> str:
        nonlocal running, most
        async with draft_document.render_slot():
            running += 1
            most = max(most, running)
            await asyncio.sleep(seconds)
            running -= 1
        return "rendered"

    monkeypatch.setattr(draft_document, "RENDER_WAIT_SECONDS", 2.0)
    assert await asyncio.gather(*(render(0.1) for _ in range(5))) == ["rendered"] * 5
    assert most == draft_document.RENDER_SLOTS == 2

    monkeypatch.setattr(draft_document, "RENDER_WAIT_SECONDS", 0.1)
    results = await asyncio.gather(*(render(0.5) for _ in range(3)), return_exceptions=True)
    assert results.count("rendered") == 2
    assert sum(isinstance(r, draft_document.RendererBusy) for r in results) == 1
    assert most == 2


async def test_a_draft_that_waits_too_long_for_a_slot_is_a_503_page_asking_to_retry(
    client: AsyncTestClient, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    link = path_of(envelope["recipients"][0]["signing_url"])
    await open_link(client, link)
    monkeypatch.setattr(draft_document, "_slots", weakref.WeakKeyDictionary())
    monkeypatch.setattr(draft_document, "RENDER_SLOTS", 0)  # every slot is taken
    monkeypatch.setattr(draft_document, "RENDER_WAIT_SECONDS", 0.05)
    busy = await client.get(f"{link}/document.pdf")
    assert busy.status_code == 503
    assert busy.headers["content-type"].startswith("text/html")
    assert busy.headers["retry-after"] == "5"
    assert "<h1>Too busy right now</h1>" in busy.text
    assert "Your answers are saved: wait a few seconds, then reload this page." in busy.text
    assert "check that you copied all of it" not in busy.text  # the link is fine
