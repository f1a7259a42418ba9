"""A real envelope with an upload field and two stages, sealed by the job: the uploads are
pages and embedded files of the sealed PDF, each stage has its approval signature, and
/verify lists every signature. SQLite and PostgreSQL."""

import hashlib
import io
import re
import subprocess
from pathlib import Path

from litestar.testing import AsyncTestClient
from PIL import Image
from pypdf import PdfReader

from runtime.settings import Settings
from tests.integration.conftest import (
    Org,
    create_envelope,
    csrf_from,
    import_template,
    open_link,
    path_of,
    run_jobs,
)

DEFINITION = {
    "name": "Expense claim",
    "roles": [
        {"key": "claimant", "name": "Claimant", "stage": 1},
        {"key": "manager", "name": "Manager", "stage": 2},
    ],
    "settings": {"stage_signatures": True},
    "sections": [
        {
            "key": "claim",
            "title": "Claim",
            "role": "claimant",
            "fields": [
                {"key": "purpose", "component": "text", "label": "Purpose", "required": True},
                {
                    "key": "receipts",
                    "component": "attachment",
                    "label": "Receipts",
                    "required": True,
                    "validation": {"accept": [".pdf", ".png"], "max_files": 2},
                },
                {"key": "claimant_sig", "component": "signature", "label": "Signature"},
            ],
        },
        {
            "key": "approval",
            "title": "Approval",
            "role": "manager",
            "fields": [{"key": "manager_sig", "component": "signature", "label": "Signature"}],
        },
    ],
}


def invoice_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<h1>Hotel invoice 2211</h1><p>Two nights.</p>").write_pdf()


def taxi_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


async def _act(client: AsyncTestClient, link: str, data: dict) -> None:
    await open_link(client, link)
    step = await client.post(f"{link}/step/1", data=data)
    assert step.status_code == 303, step.text
    assert (await client.post(f"{link}/finish")).status_code == 303


async def test_uploads_and_stages_in_the_sealed_pdf(
    client: AsyncTestClient, org: Org, settings: Settings, tmp_path: Path
) -> None:
    template = await import_template(client, org, DEFINITION)
    envelope = await create_envelope(
        client,
        org,
        template["id"],
        recipients=[
            {"role": "claimant", "name": "Cy Claimant", "email": "cy@example.com"},
            {"role": "manager", "name": "Mo Manager", "email": "mo@example.com"},
        ],
        prefill={},
    )
    links = {r["role"]: path_of(r["signing_url"]) for r in envelope["recipients"]}
    claimant = links["claimant"]
    await open_link(client, claimant)
    files = {"invoice.pdf": invoice_pdf(), "taxi.png": taxi_png()}
    for name, data in files.items():
        media = "application/pdf" if name.endswith(".pdf") else "image/png"
        sent = await client.post(
            f"{claimant}/files/receipts",
            files={"file": (name, data, media)},
            headers={"HX-Request": "true"},
        )
        assert sent.status_code == 200, sent.text
    await _act(
        client,
        claimant,
        {
            "purpose": "Conference trip",
            "claimant_sig__typed": "Cy Claimant",
            "__shown": "purpose receipts claimant_sig",
        },
    )
    await _act(client, links["manager"], {"manager_sig__typed": "Mo Manager"})
    await run_jobs(settings)

    status = (await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)).json()
    assert status["status"] == "completed", status
    response = await client.get(f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=org.auth)
    assert response.status_code == 200
    pdf = response.content
    reader = PdfReader(io.BytesIO(pdf))
    embedded = reader.attachments
    path = tmp_path / "sealed.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, timeout=30, check=True
    ).stdout
    for name, data in files.items():
        assert embedded[name] == [data]
        assert hashlib.sha256(data).hexdigest() in "".join(text.split())  # on the certificate
    assert "Hotel invoice 2211" in text  # the uploaded PDF's own page
    assert "Attachment 2" in text and "Receipts" in text  # the picture's captioned page
    assert "Stage 1 approved by" not in text  # that is in the signatures, not on the pages

    pdfsig = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=30)
    assert pdfsig.stdout.count("Signature is Valid") == 3

    token = csrf_from((await client.get("/verify")).text)
    page = await client.post(
        "/verify",
        files={"file": ("sealed.pdf", pdf, "application/pdf")},
        data={"_csrf_token": token},
    )
    assert page.status_code == 200
    assert '<h1 class="panel__title">Valid</h1>' in page.text
    assert "Signatures</h2>" in page.text
    listed = re.findall(r'summary-list__key">(\d\. [^<]+)</dt>', page.text)
    assert listed == ["1. Seal", "2. Stage 1", "3. Stage 2"]  # the fields Stage1, Stage2
    assert "Stage 1 approved by Cy Claimant" in page.text
    assert "Stage 2 approved by Mo Manager" in page.text
    # the date in a stage's reason stays on one line, as the other dates of the report do
    # (at 440-480 px "2026-11-" ended a line over "29 22:40:53 UTC"), with its "UTC"
    completed = re.findall(r"\(stage completed ([^)]*)\)", page.text)
    assert len(completed) == 2, page.text
    assert all(
        re.fullmatch(r'<span class="nowrap">[\d-]{10} [\d:]{8} UTC</span>', c) for c in completed
    )

    from tests.integration.cli_helpers import run

    cli = run(settings, "verify", str(path))
    assert cli.returncode == 0, cli.stdout + cli.stderr
    # as the English /verify page says it: "Stage 1", not the field's name Stage1
    assert "Signature 2, Stage 1 — valid: Stage approval by Cy Claimant, " in cli.stdout
    assert "Stage1" not in cli.stdout
    assert "Stage 2 approved by Mo Manager" in cli.stdout
