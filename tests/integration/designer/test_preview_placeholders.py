"""The preview's PDF shows a locked field's placeholder as its wizard and Check your answers
do ("[Email address]", "[amount]"), in its row and in a clause; never the "—" of a question
nobody answered. Conditions still read such a placeholder as no answer."""

import io
from typing import Any

from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from tests.integration.designer.helpers import seeded

LOCKED: dict[str, Any] = {
    "name": "Account opening",
    "roles": [{"key": "customer", "name": "Customer", "kind": "signer", "stage": 1}],
    "sections": [
        {
            "key": "you",
            "title": "You",
            "role": "customer",
            "fields": [
                {
                    "key": "email",
                    "component": "email",
                    "label": "Email address",
                    "required": True,
                    "prefill": {"source": "sso", "claim": "email", "lock": True},
                },
                {
                    "key": "limit",
                    "component": "money",
                    "label": "Credit limit",
                    "validation": {"currency": "EUR"},
                    "prefill": {"source": "api", "lock": True},
                },
                {"key": "phone", "component": "phone", "label": "Phone number"},
                {"key": "signature", "component": "signature", "label": "Signature"},
            ],
        }
    ],
    "document": [
        {
            "kind": "paragraph",
            "html": "<p>Statements go to {{ email }}; the limit is {{ limit }}.</p>",
        },
        {
            "kind": "paragraph",
            "html": "<p>Large limits are reviewed yearly.</p>",
            "visible_if": {">": [{"var": "limit"}, 1000]},
        },
        {"kind": "fields"},
        {"kind": "signature", "role": "customer"},
    ],
}


async def test_locked_placeholders_read_the_same_in_the_preview_pdf(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in, LOCKED)
    form = (await client.get(f"{base}/preview")).text
    assert 'value="[Email address]"' in form  # what the wizard shows
    pdf = await client.post(f"{base}/preview/pdf", data={"_csrf_token": signed_in, "answers": "{}"})
    assert pdf.status_code == 200, pdf.text
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    assert "Statements go to [Email address]; the limit is [amount]." in text
    assert "Email address [Email address]" in text and "Credit limit [amount]" in text
    assert "Phone number —" in text  # a question nobody answered keeps its dash
    assert "reviewed yearly" not in text  # the rule reads "[amount]" as no answer
