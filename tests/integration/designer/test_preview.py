"""Preview as a role: the wizard with its conditions, and the PDF, unsigned."""

import json
import re
from html import unescape

from litestar.testing import AsyncTestClient

from tests.integration.conftest import csrf_from
from tests.integration.designer.helpers import seeded

ANSWERS = re.compile(r'name="answers" value="([^"]*)"')


def answers_in(html: str) -> str:
    match = ANSWERS.search(html)
    assert match, "no answers field"
    return unescape(match.group(1))


async def test_walk_the_wizard_as_the_client(client: AsyncTestClient, signed_in: str) -> None:
    base = await seeded(client, signed_in)
    start = await client.get(f"{base}/preview")
    assert start.status_code == 200
    assert "Step 1 of 3" in start.text and "Your details" in start.text  # company step hidden
    token = csrf_from(start.text)
    missing = await client.post(
        f"{base}/preview",
        data={"_csrf_token": token, "role": "client", "step": "1", "answers": "{}"},
    )
    assert missing.status_code == 422 and "There is a problem" in missing.text
    step2 = await client.post(
        f"{base}/preview",
        data={
            "_csrf_token": token,
            "role": "client",
            "step": "1",
            "answers": "{}",
            "full_name": "Ada <Lovelace>",
            "client_type": "company",
        },
    )
    assert step2.status_code == 200
    assert "Step 2 of 4" in step2.text and "Your company" in step2.text  # the rule holds now
    answers = answers_in(step2.text)
    assert json.loads(answers)["client_type"] == "company"
    step3 = await client.post(
        f"{base}/preview",
        data={
            "_csrf_token": token,
            "role": "client",
            "step": "2",
            "answers": answers,
            "company_name": "Analytical Engines Ltd",
        },
    )
    assert "Step 3 of 4" in step3.text, step3.text[-3000:]
    answers = answers_in(step3.text)
    review = await client.post(
        f"{base}/preview",
        data={
            "_csrf_token": token,
            "role": "client",
            "step": "3",
            "answers": answers,
            "signature__typed": "Ada Lovelace",
        },
    )
    assert "Check your answers" in review.text, review.text[-3000:]
    assert "Analytical Engines Ltd" in review.text and "Ada &lt;Lovelace&gt;" in review.text
    pdf = await client.post(
        f"{base}/preview/pdf", data={"_csrf_token": token, "answers": answers_in(review.text)}
    )
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and b"/ByteRange" not in pdf.content  # not signed
    from io import BytesIO

    from pypdf import PdfReader

    pages = PdfReader(BytesIO(pdf.content)).pages
    assert all("PREVIEW — NOT SIGNED" in p.extract_text() for p in pages)  # on every page
    # and the watermark across every page, besides the reference line
    assert all(p.extract_text().count("PREVIEW") >= 2 for p in pages)
    blank = await client.get(f"{base}/preview/pdf")
    assert blank.status_code == 200 and blank.content.startswith(b"%PDF")
