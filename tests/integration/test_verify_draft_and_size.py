"""What /verify tells a person about files that are not a sealed PDF it can check: one over
the size limit (the upload page again, with its own words and a form that works), the
signer's draft made before signing (named a draft, never valid), and the words under a valid
seal and on the audit certificate."""

import re
from io import BytesIO
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from runtime.files import MULTIPART_OVERHEAD
from runtime.settings import Settings
from runtime.verification import controller
from runtime.verification.service import MAX_PDF_BYTES
from tests.integration.cli_helpers import run
from tests.integration.conftest import (
    Org,
    create_envelope,
    csrf_from,
    import_template,
    open_link,
    path_of,
)
from tests.integration.verify_helpers import _sealed_pdf, _upload

#: over the route's limit (the PDF plus 64 KB for the form): refused before it is read
OVER_THE_LIMIT = MAX_PDF_BYTES + MULTIPART_OVERHEAD + 1


async def test_a_file_over_the_limit_gets_the_upload_page_with_its_own_words(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    _, pdf = await _sealed_pdf(client, org, settings)
    form = (await client.get("/verify?language=fr")).text
    # the form's address carries the language: its fields are not read when it is refused
    assert 'action="/verify?language=fr"' in form
    token = csrf_from(form)
    big = b"%PDF-1.7\n" + b"0" * OVER_THE_LIMIT
    refused = await client.post(
        "/verify?language=fr",
        files={"file": ("scan.pdf", big, "application/pdf")},
        data={"_csrf_token": token, "language": "fr"},
    )
    assert refused.status_code == 413
    page = refused.text
    assert "Request too large" not in page and "What you sent is too large" not in page
    assert "<h1>Vérifier un document scellé</h1>" in page
    # the words a 50,000,010-byte file gets
    assert re.search(
        "Le fichier dépasse 50.Mo.; un PDF scellé par ce service est bien plus petit", page
    )
    # the form to try again, with a token that works
    again = csrf_from(page)
    assert again
    checked = await client.post(
        "/verify?language=fr",
        files={"file": ("sealed.pdf", pdf, "application/pdf")},
        data={"_csrf_token": again, "language": "fr"},
    )
    assert checked.status_code == 200
    assert '<h1 class="panel__title">Valide</h1>' in checked.text

    api = await client.post(
        "/api/v1/verify", headers={**org.auth, "Content-Type": "application/pdf"}, content=big
    )
    assert api.status_code == 413
    assert api.headers["content-type"].startswith("application/problem+json")
    assert api.json()["detail"] == (
        "The request body is too large: this endpoint takes at most 50 MB."
    )


async def _draft(client: AsyncTestClient, org: Org) -> bytes:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    link = path_of(envelope["recipients"][0]["signing_url"])
    assert (await open_link(client, link)).status_code == 200
    draft = await client.get(f"{link}/document.pdf")
    assert draft.status_code == 200 and draft.content.startswith(b"%PDF")
    return draft.content


DRAFT_SAYS = (
    "This PDF is a draft made before signing, not the sealed document: it carries no seal. "
    "The sealed PDF is sent by email once everyone has signed, and can be downloaded from "
    "the signing link."
)


async def test_the_signers_draft_is_named_a_draft_and_not_valid(
    client: AsyncTestClient, org: Org, settings: Settings, tmp_path: Any
) -> None:
    draft = await _draft(client, org)
    assert "/FormsealDraft" in (PdfReader(BytesIO(draft)).metadata or {})

    page = " ".join((await _upload(client, draft)).split())
    assert "<title>Not valid: a draft, not the sealed document" in page
    assert '<h1 class="panel__title">Not valid: a draft, not the sealed document</h1>' in page
    assert DRAFT_SAYS in page
    assert "Cannot be checked" not in page and "no digital signature" not in page
    french = await _upload(client, draft, "fr")
    assert "Non valide\u00a0: un brouillon, pas le document scellé" in french

    api = await client.post(
        "/api/v1/verify", headers={**org.auth, "Content-Type": "application/pdf"}, content=draft
    )
    assert api.status_code == 200
    report = api.json()
    assert report["ok"] is False and report["draft"] is True
    assert report["reasons"] == [DRAFT_SAYS]

    path = tmp_path / "draft.pdf"
    path.write_bytes(draft)
    result = run(settings, "verify", str(path))
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["NOT VALID: draft.pdf", f"  {DRAFT_SAYS}"]


async def test_a_pdf_without_the_draft_mark_still_has_no_seal(
    client: AsyncTestClient, org: Org
) -> None:
    from pypdf import PdfWriter

    out = BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.write(out)
    page = await _upload(client, out.getvalue())
    assert '<h1 class="panel__title">Cannot be checked</h1>' in page
    assert "a draft" not in page


@pytest.fixture
def operator_certificate(monkeypatch: pytest.MonkeyPatch) -> None:
    """The report of a seal made with an operator's certificate (`formseal keys import`):
    the same as the local CA's, except that the certificate is not self-signed."""
    verify_upload = controller.verify_upload

    async def not_self_signed(settings: Settings, data: bytes) -> dict[str, Any]:
        return {**await verify_upload(settings, data), "self_signed_ca": False}

    monkeypatch.setattr(controller, "verify_upload", not_self_signed)


async def test_under_valid_an_operator_certificate_is_worded_truthfully(
    client: AsyncTestClient, org: Org, settings: Settings, operator_certificate: None
) -> None:
    _, pdf = await _sealed_pdf(client, org, settings)
    page = " ".join((await _upload(client, pdf)).split())
    assert '<h1 class="panel__title">Valid</h1>' in page
    assert "can check too" not in page
    assert (
        "PDF readers such as Adobe Acrobat show the seal as trusted only if they trust the "
        "authority that issued that certificate; if yours does not, this page is the place "
        "to check it." in page
    )


async def test_the_audit_certificates_trail_row_ends_without_a_colon(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    _, pdf = await _sealed_pdf(client, org, settings)
    reader = PdfReader(BytesIO(pdf))
    text = " ".join(reader.pages[-1].extract_text().split())
    events = re.search(r"Audit trail (\d+) events recorded before sealing Audit trail head", text)
    assert events, text
    assert "recorded before sealing:" not in text and "(the trail’s head):" not in text
    assert re.search(
        r"Audit trail head SHA-256 [0-9a-f]{64} The hash of the latest event recorded before "
        r"sealing\.",
        text,
    ), text
