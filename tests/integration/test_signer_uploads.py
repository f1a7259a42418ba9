"""Attachment requests and signature pictures over HTTP, on SQLite and PostgreSQL: types by
content, sizes and counts from the field, 413 before reading, safe downloads, the seal."""

import io
import json
import uuid

import pytest
from litestar.testing import AsyncTestClient

from runtime.tables import AuditEvent, Recipient, StoredFile
from tests.integration.claim_form import CLAIM_FORM, PDF, PNG, opened_claim, upload
from tests.integration.conftest import Org, run_jobs

HTML = b"<!doctype html><html><script>alert(1)</script></html>"


async def test_uploads_are_judged_by_content_and_served_safely(
    client: AsyncTestClient, org: Org
) -> None:
    link, _ = await opened_claim(client, org)
    # an HTML page called .pdf, sent as application/pdf, is refused by its content
    refused = await upload(client, f"{link}/files/receipts", "invoice.pdf", HTML)
    assert refused.status_code == 422
    assert "must be a PDF or PNG" in refused.text
    assert refused.headers["content-disposition"] == "attachment"
    assert refused.headers["x-content-type-options"] == "nosniff"

    hostile = "../../etc/<img src=x onerror=alert(1)>\x00.png"
    ok = await upload(client, f"{link}/files/receipts", hostile, PNG, "text/html")
    assert ok.status_code == 200, ok.text
    assert "<img src=x" not in ok.text and "&lt;img src=x onerror=alert(1)&gt;" in ok.text
    row = (
        await StoredFile.select()
        .where(StoredFile.owner.like("recipient:%"))
        .order_by(StoredFile.created_at, ascending=False)
        .first()
    )
    assert (
        row["content_type"] == "image/png"
        and "/" not in row["original_name"]
        and "\x00" not in row["original_name"]
    )
    assert row["path"].endswith(uuid.UUID(str(row["id"])).hex)  # stored under a generated id

    file_id = str(row["id"])
    download = await client.get(f"{link}/files/{file_id}/download")
    assert download.status_code == 200 and download.content == PNG
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["x-content-type-options"] == "nosniff"
    thumb = await client.get(f"{link}/files/{file_id}/thumb.png")
    assert thumb.status_code == 200 and thumb.content.startswith(b"\x89PNG")

    # a PDF, then a third file is one too many
    assert (await upload(client, f"{link}/files/receipts", "a.pdf", PDF)).status_code == 200
    third = await upload(client, f"{link}/files/receipts", "b.pdf", PDF)
    assert third.status_code == 422 and "no more than 2 files" in third.text

    removed = await client.post(
        f"{link}/files/receipts/{file_id}/remove", headers={"HX-Request": "true"}
    )
    assert removed.status_code == 200 and "a.pdf" in removed.text and file_id not in removed.text
    events = (
        await AuditEvent.select(AuditEvent.action, AuditEvent.data)
        .where(AuditEvent.action == "recipient.file_uploaded")
        .output(load_json=True)
    )
    assert any(e["data"].get("sha256") == row["sha256"] for e in events)


async def test_oversized_bodies_are_refused_before_they_are_read(
    client: AsyncTestClient, org: Org
) -> None:
    link, _ = await opened_claim(client, org)
    too_big = await upload(client, f"{link}/files/receipts", "big.pdf", PDF + b"0" * 5000)
    assert too_big.status_code == 422 and "smaller than 4 KB" in too_big.text
    declared = await client.post(
        f"{link}/files/receipts",
        content=b"--x\r\n",
        headers={
            "Content-Type": "multipart/form-data; boundary=x",
            "Content-Length": str(1024 * 1024 * 1024),
        },
    )
    assert declared.status_code == 413


async def test_other_recipients_files_are_not_found(client: AsyncTestClient, org: Org) -> None:
    link, _ = await opened_claim(client, org)
    other, _ = await opened_claim(client, org)
    assert (await upload(client, f"{link}/files/receipts", "a.pdf", PDF)).status_code == 200
    row = (
        await StoredFile.select(StoredFile.id)
        .order_by(StoredFile.created_at, ascending=False)
        .first()
    )
    assert (await client.get(f"{other}/files/{row['id']}/download")).status_code == 404
    assert (await client.get(f"{link}/files/not-a-uuid/download")).status_code == 404


async def test_typed_signatures_are_refused_when_the_template_wants_a_drawn_one(
    client: AsyncTestClient, org: Org, settings
) -> None:
    link, envelope = await opened_claim(client, org)
    # the fields are told the page's link, rules and policy (partials/_fields.html `page`)
    first = (await client.get(f"{link}/step/1")).text
    assert f'data-upload-url="{link}/files/receipts"' in first
    # no JavaScript: the file goes with the step itself
    step = await client.post(
        f"{link}/step/1",
        data={"name": "Cy", "__shown": "name receipts"},
        files={"receipts__files": ("receipt.pdf", PDF, "application/pdf")},
    )
    assert step.status_code == 303, step.text
    second = (await client.get(f"{link}/step/2")).text
    assert f'data-upload-url="{link}/signature/signature"' in second
    assert 'value="type"' not in second and "must be signed by hand" in second
    typed = await client.post(f"{link}/step/2", data={"signature__typed": "Cy"})
    assert typed.status_code == 422 and "a typed name is not accepted" in typed.text
    picture = await client.post(
        f"{link}/signature/signature",
        files={"file": ("me.png", PNG, "image/png")},
        headers={"HX-Request": "true"},
    )
    assert picture.status_code == 200 and json.loads(picture.text)["image"].startswith(
        "data:image/png;base64,"
    )
    signed = await client.post(
        f"{link}/step/2", data={"signature": json.loads(picture.text)["image"]}
    )
    assert signed.status_code == 303, signed.text
    assert (await client.post(f"{link}/finish")).status_code == 303
    await run_jobs(settings)
    status = (await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)).json()
    assert status["status"] == "completed"
    receipt = status["answers"]["receipts"][0]
    assert receipt["name"] == "receipt.pdf" and len(receipt["sha256"]) == 64
    pdf = await client.get(f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=org.auth)
    assert pdf.status_code == 200  # the fields table names the attachment and its hash
    from pypdf import PdfReader

    if True:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
        assert "receipt.pdf" in text and receipt["sha256"][:16] in text.replace("\n", "")
    recipient = (
        await Recipient.select(Recipient.draft)
        .where(Recipient.envelope == uuid.UUID(envelope["id"]))
        .output(load_json=True)
        .first()
    )
    assert recipient["draft"] == {}  # accepted answers leave nothing behind in the draft


@pytest.mark.parametrize("name", ["photo.png"])
async def test_signature_pictures_are_sniffed(client: AsyncTestClient, org: Org, name: str) -> None:
    link, _ = await opened_claim(client, org)
    fake = await client.post(
        f"{link}/signature/signature",
        files={"file": (name, HTML, "image/png")},
        headers={"HX-Request": "true"},
    )
    assert fake.status_code == 422 and "PNG or JPG" in fake.text


async def test_broken_multipart_bodies_fail_fast(client: AsyncTestClient, org: Org) -> None:
    """Multipart abuse (no closing boundary, endless part headers, a huge preamble) gets a
    4xx quickly and stores nothing."""
    import time

    link, _ = await opened_claim(client, org)
    before = await StoredFile.count()
    bodies = [
        b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4',
        b"--x\r\n" + b"X-Filler: " + b"a" * 60000 + b"\r\n" * 2,
        b"preamble " * 7000 + b"\r\n--x--\r\n",
    ]
    for body in bodies:
        started = time.monotonic()
        answer = await client.post(
            f"{link}/files/receipts",
            content=body,
            headers={"Content-Type": "multipart/form-data; boundary=x", "HX-Request": "true"},
        )
        assert 400 <= answer.status_code < 500, (answer.status_code, answer.text[:200])
        assert time.monotonic() - started < 5
    assert await StoredFile.count() == before


async def test_a_refused_upload_names_its_file_and_the_page_knows_the_size_limit(
    client: AsyncTestClient, org: Org
) -> None:
    """A signer who chose several files sees which one was refused; the page's script
    says the field's limit ("smaller than 4 KB") before it sends a file too large."""
    link, _ = await opened_claim(client, org)
    page = (await client.get(f"{link}/step/1")).text
    assert 'data-too-large="The selected file must be smaller than 4 KB"' in page
    refused = await upload(client, f"{link}/files/receipts", "notes.pdf", HTML)
    assert refused.status_code == 422
    assert "The selected file must be a PDF or PNG (notes.pdf)" in refused.text
    # no JavaScript: the files go with the step
    step = await client.post(
        f"{link}/step/1",
        data={"name": "Cy", "__shown": "name receipts"},
        files={"receipts__files": ("page<2>.pdf", HTML, "application/pdf")},
    )
    assert step.status_code == 422
    assert "The selected file must be a PDF or PNG (page&lt;2&gt;.pdf)" in step.text


async def test_the_types_read_in_the_signers_language(client: AsyncTestClient, org: Org) -> None:
    """The list of file types is joined with the language's own "or" ("PDF ou PNG"), in the
    hint and in the refusal, not with an English word in a French sentence; the size limit
    has the language's unit ("4 ko", not "4 KB")."""
    link, _ = await opened_claim(client, org)
    await client.post(f"{link}/language", data={"language": "fr", "return": f"{link}/step/1"})
    page = (await client.get(f"{link}/step/1")).text
    assert "PDF ou PNG, 4\u202fko maximum par fichier." in page  # French units: ko, Mo
    assert "PDF or PNG" not in page
    refused = await upload(client, f"{link}/files/receipts", "notes.pdf", HTML)
    assert refused.status_code == 422
    assert "doit être au format PDF ou PNG (notes.pdf)" in refused.text
    # the size, in the page's script message and in the server's refusal alike
    assert 'data-too-large="Le fichier sélectionné doit faire moins de 4\u202fko"' in page
    too_big = await upload(client, f"{link}/files/receipts", "big.pdf", PDF + b"0" * 5000)
    assert "doit faire moins de 4\u202fko (big.pdf)" in too_big.text, too_big.text
    # (the random signing token in the page's links may itself contain "KB")
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert "KB" not in (page + too_big.text).replace(token, "")


async def test_the_error_summary_reads_down_the_page(client: AsyncTestClient, org: Org) -> None:
    """A refused file of a question above another that is missing: the summary lists the
    file first, as the page does (it came last, after every other problem)."""
    definition = json.loads(json.dumps(CLAIM_FORM))
    evidence = definition["sections"][0]["fields"]
    evidence.reverse()  # Receipts, then Name
    evidence[0]["required"] = False  # so its only problem is the refused file
    del evidence[0]["validation"]["min_files"]
    link, _ = await opened_claim(client, org, definition)
    step = await client.post(
        f"{link}/step/1",
        data={"name": "", "__shown": "receipts name"},
        files={"receipts__files": ("notes.pdf", HTML, "application/pdf")},
    )
    assert step.status_code == 422
    summary = step.text.split('class="error-summary__list"')[1].split("</ul>")[0]
    assert summary.index("notes.pdf") < summary.index("Enter name")


async def test_a_file_without_a_preview_shows_a_sheet_of_paper(
    client: AsyncTestClient, org: Org
) -> None:
    """A PDF poppler cannot draw: its thumbnail is a plain sheet, not a 404 (without
    JavaScript, nothing replaced the broken image beside the file's name)."""
    link, _ = await opened_claim(client, org)
    listed = await upload(client, f"{link}/files/receipts", "scan.pdf", b"%PDF-1.4\n%%EOF\n")
    assert listed.status_code == 200
    thumb_url = listed.text.split('class="file-list__thumb" src="')[1].split('"')[0]
    thumb = await client.get(thumb_url)
    assert thumb.status_code == 200 and thumb.content.startswith(b"\x89PNG")
    assert thumb.headers["content-type"] == "image/png"
