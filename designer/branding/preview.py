"""The brand previews: a sample signer page, a sample mail and page 1 of a real PDF.

The PDF preview runs the sealing renderer (WeasyPrint) on the sample envelope with the
brand, without signing it, and rasterises page 1 with pdftoppm: what the admin sees is what
the sealed PDF's first page will look like, not an imitation.
"""

import asyncio
import dataclasses
import shutil
import subprocess
import tempfile
from html import escape as html_escape
from pathlib import Path

from runtime.branding.brand import Brand
from runtime.branding.resolve import with_logo_inlined
from runtime.mail.compose import compose
from runtime.sealing.document import assets_dir, build_document_html
from runtime.sealing.inputs import SealInput
from runtime.sealing.render import render_pdf
from runtime.sealing.sample import sample_seal_input
from runtime.settings import Settings

PREVIEW_DPI = 50
PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"


def sample_mail_html(settings: Settings, brand: Brand) -> str:
    """The invitation mail as a recipient would get it, with this brand."""
    message = compose(
        settings,
        "invitation",
        to_name="Alex Example",
        to_email="alex@example.com",
        sender_name=brand.legal_name,
        context={
            "name": "Alex Example",
            "document": "Service agreement",
            "envelope_id": "3f6c1d2e-8a4b-4c5d-9e7f-0a1b2c3d4e5f",
            "message": "",
            "expires_at": "",
            "action": "sign",
            "button": "Review and sign",
            "url": settings.base_url.rstrip("/") + "/s/example",
            "reason": "",
            "decliner": "",
            "attached": False,
        },
        brand=brand,
    )
    html = message.get_body(preferencelist=("html",))
    assert html is not None
    return str(html.get_content())


def preview_seal_input(brand: Brand, base_url: str = "http://127.0.0.1:8000") -> SealInput:
    """The sealing tests' sample envelope, made presentable for an administrator: the
    organisation's own name where the sample says Acme, and none of the sample's escaping
    probes (a `<script>` company name, `<Acme & Co>` in the title), which look like an
    attack that got through when they show in a preview; the footer's "Verify at" address
    is this instance's."""
    sample = sample_seal_input(organisation_name=brand.name, brand=brand)
    ours = html_escape(brand.legal_name or brand.name)
    blocks = []
    for block in sample.blocks:
        if block["kind"] == "paragraph" and "Acme Ltd" in block["html"]:
            block = {**block, "html": block["html"].replace("Acme Ltd", ours)}
        if block["kind"] == "fields":
            rows = [
                {**r, "value": "Minh Khai Trading & Sons"} if r["label"] == "Company" else r
                for r in block["rows"]
            ]
            block = {**block, "rows": rows}
        blocks.append(block)
    return dataclasses.replace(
        sample,
        template_name="Service agreement",
        blocks=blocks,
        verify_url=base_url.rstrip("/") + "/verify",
    )


def sample_document_html(settings: Settings, brand: Brand) -> str:
    """The HTML WeasyPrint turns into the preview's PDF page."""
    seal_input = preview_seal_input(brand, settings.base_url)
    return build_document_html(seal_input, themes_dir=settings.themes_dir, theme=settings.theme)


def _pdf_page_png(settings: Settings, brand: Brand) -> bytes:
    seal_input = preview_seal_input(brand, settings.base_url)
    html = sample_document_html(settings, brand)
    folder = assets_dir(seal_input, themes_dir=settings.themes_dir, theme=settings.theme)
    pdf = render_pdf(html, assets_dir=folder, max_pages=20)
    with tempfile.TemporaryDirectory(prefix="formseal-brand-") as tmp:
        source = Path(tmp) / "page.pdf"
        source.write_bytes(pdf)
        subprocess.run(  # noqa: S603 - fixed program, our own temporary file
            [
                PDFTOPPM,
                "-png",
                "-r",
                str(PREVIEW_DPI),
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(source),
                str(Path(tmp) / "page"),
            ],
            check=True,
            capture_output=True,
            timeout=30,
        )
        return (Path(tmp) / "page.png").read_bytes()


async def pdf_page_png(settings: Settings, brand: Brand) -> bytes:
    """Page 1 of the sample document with this brand, as a PNG (rendered off the loop)."""
    brand = await with_logo_inlined(settings, brand)
    return await asyncio.to_thread(_pdf_page_png, settings, dataclasses.replace(brand))
