"""The designer's preview PDF names what it shows, the draft: its page header read
"Employment contract · version 0", a version that does not exist."""

from io import BytesIO

from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from tests.integration.designer.helpers import seeded


async def test_the_preview_pdf_header_says_draft(client: AsyncTestClient, signed_in: str) -> None:
    base = await seeded(client, signed_in)
    pdf = await client.get(f"{base}/preview/pdf")
    assert pdf.status_code == 200
    text = PdfReader(BytesIO(pdf.content)).pages[0].extract_text()
    assert "Consulting agreement · draft" in text
    assert "version 0" not in text
