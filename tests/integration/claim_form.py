"""The claim form of the signer upload tests (tests/integration/test_signer_uploads.py, the
bucket's in test_storage.py, the hostile files of tests/security) and its one claimant: the
form sent and opened, a small PNG and PDF it accepts, a file uploaded as the page's script
sends it. test_signer_upload_cap.py sends its own forms to CLAIMANT."""

import base64
from typing import Any

from httpx import Response
from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, open_link, sent_envelope

#: the one recipient of the claim forms
CLAIMANT: dict[str, str] = {"role": "claimant", "name": "Cy", "email": "cy@example.com"}
#: a 1x1 PNG and a one-page PDF
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg=="
)
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
#: a claim form: a name, one to two receipts (PDF or PNG, 4 KB each), a drawn signature
CLAIM_FORM: dict[str, Any] = {
    "name": "Claim form",
    "roles": [{"key": "claimant", "name": "Claimant"}],
    "settings": {"signature_policy": "drawn_required"},
    "sections": [
        {
            "key": "evidence",
            "title": "Evidence",
            "role": "claimant",
            "fields": [
                {"key": "name", "component": "text", "label": "Name", "required": True},
                {
                    "key": "receipts",
                    "component": "attachment",
                    "label": "Receipts",
                    "required": True,
                    "validation": {
                        "accept": [".pdf", ".png"],
                        "max_size": 4096,
                        "max_files": 2,
                        "min_files": 1,
                    },
                },
            ],
        },
        {
            "key": "sign",
            "title": "Sign",
            "role": "claimant",
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
}


async def opened_claim(
    client: AsyncTestClient, org: Org, definition: dict[str, Any] = CLAIM_FORM
) -> tuple[str, dict]:
    """The claim form (or `definition`) sent to its claimant, opened at the first step: the
    signing link's path and the envelope."""
    link, envelope = await sent_envelope(client, org, definition, CLAIMANT)
    await open_link(client, link)
    return link, envelope


async def upload(
    client: AsyncTestClient, url: str, name: str, data: bytes, content_type: str = "application/pdf"
) -> Response:
    """`data` sent as the page's script sends a file chosen for an upload question (`url`)."""
    return await client.post(
        url, files={"file": (name, data, content_type)}, headers={"HX-Request": "true"}
    )
