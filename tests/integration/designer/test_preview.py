"""Preview as a role: the wizard with its conditions, and the PDF, unsigned."""

import io
import json
import re

from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from tests.integration.conftest import csrf_from
from tests.integration.designer.helpers import answers_in, seeded
from tests.integration.helpers import is_readonly


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


LOCKED_OFFER = {
    "name": "Subscription offer",
    "roles": [{"key": "customer", "name": "Customer", "kind": "signer", "stage": 1}],
    "sections": [
        {
            "key": "offer",
            "title": "Your offer",
            "role": "customer",
            "fields": [
                {
                    "key": "plan",
                    "component": "text",
                    "label": "Plan",
                    "default": "Gold",
                    "prefill": {"source": "url", "lock": True},
                },
                {
                    "key": "price",
                    "component": "money",
                    "label": "Monthly price",
                    "required": True,
                    "validation": {"currency": "EUR"},
                    "prefill": {"source": "api", "lock": True},
                },
                {
                    "key": "note",
                    "component": "text",
                    "label": "Note",
                    "prefill": {"source": "url"},
                },
                {
                    "key": "company",
                    "component": "text",
                    "label": "Company",
                    "prefill": {"source": "sso", "claim": "org", "lock": True},
                },
            ],
        },
        {
            "key": "sign",
            "title": "Sign",
            "role": "customer",
            "fields": [
                {"key": "signature", "component": "signature", "label": "Signature"},
            ],
        },
    ],
}
HINT = "This value was filled in for you and cannot be changed."


def input_of(html: str, key: str) -> str:
    match = re.search(rf'<input[^>]*id="input-{key}"[^>]*>', html)
    assert match, f"no input for {key}"
    return match.group(0)


def group_of(html: str, key: str) -> str:
    """The markup of one field's form group, up to the next field's."""
    start = html.index(f'id="field-{key}"')
    end = html.find('id="field-', start + 1)
    return html[start : end if end > 0 else len(html)]


async def test_locked_prefilled_fields_preview_as_the_signer_sees_them(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in, LOCKED_OFFER)
    start = await client.get(f"{base}/preview")
    assert start.status_code == 200
    plan, price, note = (input_of(start.text, k) for k in ("plan", "price", "note"))
    assert is_readonly(plan) and 'value="Gold"' in plan  # its default as the sample
    assert HINT in group_of(start.text, "plan")
    assert is_readonly(price) and 'value="[amount]"' in price  # no default: a placeholder
    assert HINT in group_of(start.text, "price")
    company = input_of(start.text, "company")
    assert is_readonly(company) and 'value="[Company]"' in company  # or its label
    assert not is_readonly(note) and 'value=""' in note
    assert HINT not in group_of(start.text, "note")
    assert "show a sample value" in start.text

    # the samples are not the signer's to change: what is posted for them is ignored, and a
    # placeholder that is no amount stops nothing
    step2 = await client.post(
        f"{base}/preview",
        data={
            "_csrf_token": signed_in,
            "role": "customer",
            "step": "1",
            "answers": "{}",
            "plan": "Free",
            "price": "0.01",
            "note": "Call first",
        },
    )
    assert step2.status_code == 200 and "Step 2 of 3" in step2.text, step2.text[-2000:]
    assert json.loads(answers_in(step2.text)) == {"note": "Call first"}
    review = await client.post(
        f"{base}/preview",
        data={
            "_csrf_token": signed_in,
            "role": "customer",
            "step": "2",
            "answers": answers_in(step2.text),
        },
    )
    assert "Check your answers" in review.text
    assert "Gold" in review.text and "[amount]" in review.text
    assert "Free" not in review.text and "0.01" not in review.text

    # a template without locked fields says nothing about samples
    plain = await seeded(client, signed_in)
    assert "show a sample value" not in (await client.get(f"{plain}/preview")).text


GOLD_PERKS = {
    **LOCKED_OFFER,
    "sections": [
        LOCKED_OFFER["sections"][0],
        {
            "key": "perks",
            "title": "Gold perks",
            "role": "customer",
            "visible_if": {"==": [{"var": "plan"}, "Gold"]},
            "fields": [{"key": "lounge", "component": "checkbox", "label": "Lounge access"}],
        },
        {
            "key": "large",
            "title": "Large accounts",
            "role": "customer",
            "visible_if": {">": [{"var": "price"}, 1000]},
            "fields": [{"key": "manager", "component": "text", "label": "Account manager"}],
        },
        LOCKED_OFFER["sections"][1],
    ],
}


async def test_conditions_on_locked_fields_read_their_samples(
    client: AsyncTestClient, signed_in: str
) -> None:
    """A step shown because of a locked value (the plan a link gives) is in the preview as
    it will be in signing; a placeholder that is no value ("[amount]") shows nothing."""
    base = await seeded(client, signed_in, GOLD_PERKS)
    start = await client.get(f"{base}/preview")
    assert "Step 1 of 4" in start.text, start.text[-3000:]  # offer, perks, sign, review
    step2 = await client.post(
        f"{base}/preview",
        data={"_csrf_token": signed_in, "role": "customer", "step": "1", "answers": "{}"},
    )
    assert "Step 2 of 4" in step2.text and "Gold perks" in step2.text
    assert "Large accounts" not in step2.text
    assert json.loads(answers_in(step2.text)) == {}  # samples are never kept as answers
    pdf = await client.post(
        f"{base}/preview/pdf",
        data={"_csrf_token": signed_in, "answers": answers_in(step2.text)},
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    # the placeholder reads as in the wizard; the rule above read it as no answer
    assert "Gold" in text and "Monthly price [amount]" in text
