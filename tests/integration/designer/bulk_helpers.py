"""Bulk sends in the designer's integration tests: the demo template with fields the sender
prefills, a CSV of people, and its upload on the bulk send page."""

import json

from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from tests.integration.conftest import DEMO
from tests.integration.designer.conftest import Author

#: the demo's fields the sender may fill in: its email, and here also company and start date
SENDER_FIELDS = ("email", "company", "start_date")

HEADER = "Customer name,Customer email,Service start date,Company name (optional),Internal id\n"


def rows_csv(count: int, bad_row: int | None = None) -> bytes:
    lines = []
    for i in range(count):
        if i == bad_row:
            lines.append(f"Person {i},not-an-email,31/02/2027,Firm {i},x\n")  # two errors
        else:
            lines.append(
                f"Person {i},person{i}@example.com,2027-01-{(i % 28) + 1:02d},Firm {i},x\n"
            )
    return (HEADER + "".join(lines)).encode()


async def _template(client: AsyncTestClient, author: Author) -> str:
    """The demo template, letting "the sender or the API" prefill SENDER_FIELDS (the demo
    itself lets only the email be prefilled); its consent tick box and signature stay the
    signer's."""
    definition = json.loads(DEMO.read_text())
    for section in definition["sections"]:
        for field in section["fields"]:
            if field["key"] in SENDER_FIELDS:
                field["prefill"] = {"source": "api"}
    key = await create_api_key(author.organisation_id, "t")
    response = await client.post(
        "/api/v1/templates", json=definition, headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _upload(client: AsyncTestClient, token: str, template_id: str, data: bytes, **form: str):
    return await client.post(
        f"/designer/bulk-sends/new?template_id={template_id}",
        files={"file": ("people.csv", data, "text/csv")},
        data={"_csrf_token": token, **form},
    )
