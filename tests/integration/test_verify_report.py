"""/verify and `formseal verify` report the seal, its level and timestamp, which certificate,
whether the bytes are the stored seal, and the audit trail's state; tampering is explained."""

import asyncio
import re
from collections.abc import Iterator
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient
from pypdf import PdfWriter

from runtime.settings import Settings
from tests.integration.cli_helpers import run
from tests.integration.conftest import (
    Org,
    csrf_from,
)
from tests.integration.verify_helpers import _row, _sealed_pdf, _upload
from tests.unit.pki_helpers import LocalServer, Tsa, start_tsa


@pytest.fixture(scope="module")
def tsa() -> Iterator[Tsa]:
    server = LocalServer()
    try:
        yield start_tsa(server)
    finally:
        server.stop()


async def test_report_page_for_a_genuine_seal(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    envelope_id, pdf = await _sealed_pdf(client, org, settings)
    page = await _upload(client, pdf)
    assert '<h1 class="panel__title">Valid</h1>' in page
    assert envelope_id in page
    assert "PAdES B-B" in page
    assert "this service's current sealing key" in page and "our current key" not in page
    # a time as the certificate page writes it, not ISO-8601's "2026-11-29T09:43:34Z", kept
    # on one line (a phone's narrow column broke it at a hyphen)
    assert re.search(
        r'Sealed at \(UTC\)</dt><dd class="summary-list__value">'
        r'<span class="nowrap">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d</span><',
        page,
    )
    assert _row(page, "Matches this service's records") == "Yes"
    assert "agrees with the PDF" in page
    assert "The file is byte for byte the sealed PDF this service stored." in page
    assert "The audit trail agrees" in page
    # plain words about the self-signed CA, for the person holding the document: what their
    # PDF reader may say and what it means, not how an operator replaces the certificate
    assert "own, self-signed certificate" in page
    assert "That does not mean the document was changed" in " ".join(page.split())
    assert "trusted-certificate" not in page and "docs/sealing.md" not in page
    assert "operator" not in page.lower() and "install" not in page.lower()
    how = await client.get("/verify/trusted-certificate")  # the operators' page stays
    assert how.status_code == 200 and "formseal keys import" in how.text
    assert "docs/sealing.md" in how.text
    # "this service", as the report and the guide say, not "this instance"
    assert "was sealed by this service" in how.text and "instance" not in how.text

    french = await _upload(client, pdf, "fr")  # in the language the upload page was read in
    assert '<h1 class="panel__title">Valide</h1>' in french
    assert "clé de scellement actuelle de ce service" in french
    assert _row(french, "Concorde avec les registres de ce service") == "Oui"


async def test_report_page_explains_an_appended_page(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    _, pdf = await _sealed_pdf(client, org, settings)
    writer = PdfWriter(BytesIO(pdf), incremental=True)
    writer.add_blank_page(200, 200)
    out = BytesIO()
    writer.write(out)
    page = await _upload(client, out.getvalue())
    assert "Not valid" in page
    assert "1 page was added after sealing" in page
    assert "Content was appended after the seal" in page
    assert "The file is not the sealed PDF stored for this envelope." in page
    # the self-signed CA's note says the document "has not changed since": not under this
    # verdict, where it contradicted "Changed after sealing: Yes"
    assert "self-signed certificate" not in page and "has not changed since" not in page
    assert "signer is unknown" not in page


async def test_report_page_says_cannot_tell_where_the_seal_cannot_answer(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """A changed byte breaks the seal: it can no longer say whose it is ("No" read as "not
    ours"); a truncated file has no readable seal ("No" read as "unchanged")."""
    _, pdf = await _sealed_pdf(client, org, settings)
    flipped = bytearray(pdf)
    flipped[len(pdf) // 3] ^= 0x01
    page = await _upload(client, bytes(flipped))
    assert "Not valid" in page
    assert _row(page, "Changed after sealing") == "Yes"
    assert _row(page, "Sealed by this service") == (
        "Cannot tell: the seal no longer matches the file"
    )
    page = await _upload(client, pdf[: len(pdf) // 2])
    # no readable seal: one message says why, not rows of "Cannot tell" and "Unknown"
    assert '<h1 class="panel__title">Cannot be checked</h1>' in page
    assert "Nothing was checked in <strong>sealed.pdf</strong>" in page
    assert "Cannot tell" not in page and "Unknown" not in page and "summary-list" not in page
    writer = PdfWriter(BytesIO(pdf), incremental=True)
    writer.add_blank_page(200, 200)
    out = BytesIO()
    writer.write(out)
    page = await _upload(client, out.getvalue())
    assert _row(page, "Changed after sealing") == "Yes"
    assert _row(page, "Sealed by this service") == "Yes"
    assert _row(page, "Sealed content intact") == (
        "Yes, but something was added after sealing (see Findings)"
    )
    assert _row(await _upload(client, pdf), "Sealed content intact") == "Yes"


async def test_report_page_for_a_file_that_is_not_a_pdf_says_only_that(
    client: AsyncTestClient,
) -> None:
    token = csrf_from((await client.get("/verify")).text)
    response = await client.post(
        "/verify",
        files={"file": ("notes.txt", b"hello, not a pdf", "text/plain")},
        data={"_csrf_token": token},
    )
    assert response.status_code == 200
    page = response.text
    assert "<title>Cannot be checked" in page
    assert '<h1 class="panel__title">Cannot be checked</h1>' in page
    assert "This file is not a PDF." in page and "<strong>notes.txt</strong>" in page
    assert "Cannot tell" not in page and "Unknown" not in page and "Not valid" not in page
    assert page.count("summary-list__row") == 0


async def test_timestamped_seal_through_the_job(
    client: AsyncTestClient, org: Org, settings: Settings, tsa: Tsa
) -> None:
    stamped = replace(settings, tsa_url=tsa.url)
    _, pdf = await _sealed_pdf(client, org, stamped)
    page = await _upload(client, pdf)
    assert '<h1 class="panel__title">Valid</h1>' in page
    assert "PAdES B-T" in page and "Test TSA · trusted" in page


async def test_cli_verify_reads_the_database(
    client: AsyncTestClient, org: Org, settings: Settings, tmp_path
) -> None:
    envelope_id, pdf = await _sealed_pdf(client, org, settings)
    path = tmp_path / "sealed.pdf"
    path.write_bytes(pdf)
    result = run(settings, "verify", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "VALID: sealed.pdf" in out and envelope_id in out
    assert "Seal level: PAdES B-B." in out
    assert "Sealed with the certificate" in out
    assert "(this service's own, self-signed CA); this service's current sealing key." in out
    assert "sealed by this service:  yes" in out and "instance" not in out
    assert "The file is byte for byte the sealed PDF this service stored." in out
    assert "The audit trail agrees" in out


async def test_report_page_says_why_our_records_were_not_checked(
    client: AsyncTestClient, tmp_path: Path
) -> None:
    """A PDF sealed by another formseal read 'Matches our records: Not checked' and 'Audit
    trail: Not checked' without saying why."""
    from runtime.sealing import seal_document
    from runtime.sealing.sample import sample_seal_input

    themes = Path(__file__).resolve().parents[2] / "themes"
    sealed = await asyncio.to_thread(  # it runs an event loop of its own
        seal_document, sample_seal_input(), keys_dir=tmp_path / "keys", themes_dir=themes
    )
    other = sealed.pdf
    page = await _upload(client, other)
    assert _row(page, "Sealed by this service") == "No"
    why = "Not checked: this PDF was not sealed by this service"
    assert _row(page, "Matches this service's records") == why and _row(page, "Audit trail") == why
    page = await _upload(client, other[: len(other) // 2])  # no readable seal: one message
    assert "Nothing was checked in <strong>sealed.pdf</strong>" in page
    assert "Matches this service's records" not in page and "Audit trail" not in page


async def test_a_valid_seal_with_no_record_says_so_in_its_verdict(
    client: AsyncTestClient, settings: Settings
) -> None:
    """A seal made with this service's key whose envelope this service does not know (deleted
    from it, or sealed by another installation with the same key) read "Valid" above "No:
    this service has no record": the verdict itself now says both (docs/sealing.md)."""
    from runtime.sealing import seal_document
    from runtime.sealing.sample import SAMPLE_ENVELOPE_ID, sample_seal_input

    themes = Path(__file__).resolve().parents[2] / "themes"
    sealed = await asyncio.to_thread(
        seal_document, sample_seal_input(), keys_dir=settings.keys_dir, themes_dir=themes
    )
    page = await _upload(client, sealed.pdf)
    assert '<h1 class="panel__title">Valid seal, no record</h1>' in page
    assert '<h1 class="panel__title">Valid</h1>' not in page
    body = " ".join(page.split())
    assert "has not been changed since it was sealed, but this service has no record" in body
    assert "<title>Valid seal, no record" in page
    assert _row(page, "Sealed by this service") == "Yes"
    assert _row(page, "Matches this service's records").startswith("No: this service has no")
    assert f"This service has no record of envelope {SAMPLE_ENVELOPE_ID}: it may have" in body
    assert "our records" not in body and "This instance" not in body
    # nor "This page confirms that it was sealed here", beside "may have been sealed by
    # another installation"
    assert "confirms that it was sealed here" not in body

    french = await _upload(client, sealed.pdf, "fr")
    assert '<h1 class="panel__title">Sceau valide, aucune trace</h1>' in french
    assert (
        f"Ce service n’a aucune trace de l’enveloppe {SAMPLE_ENVELOPE_ID}\u00a0: elle a pu"
        in french
    )
