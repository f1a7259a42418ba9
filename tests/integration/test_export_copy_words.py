"""The archive's CSV and Excel exports word a copy-only (cc) person as the envelope's page
and list do: "gets a copy" while the envelope is open or sealed, "no copy" once it was
voided, declined or expired (no sealed PDF ever comes); they said "gets a copy" always."""

import csv
import io

import pytest
from litestar.testing import AsyncTestClient
from openpyxl import load_workbook

from runtime.settings import Settings
from runtime.tables import Envelope
from tests.integration.conftest import (
    Org,
    create_envelope,
    demo_definition,
    import_template,
    run_jobs,
)

HARRIET = "Harriet Copy <hr@example.com> (HR, {})"


async def _exported(client: AsyncTestClient, org: Org, template_id: str) -> dict[str, str]:
    """Envelope id -> recipients cell, from the CSV, checked equal in the XLSX."""
    params = {"template_id": template_id}
    body = await client.get("/api/v1/envelopes/export.csv", params=params, headers=org.auth)
    rows = list(csv.DictReader(io.StringIO(body.content.decode("utf-8-sig"))))
    cells = {r["envelope_id"]: r["recipients"] for r in rows}
    xlsx = await client.get("/api/v1/envelopes/export.xlsx", params=params, headers=org.auth)
    sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True).active
    header, *values = [list(r) for r in sheet.iter_rows(values_only=True)]
    at_id, at_people = header.index("envelope_id"), header.index("recipients")
    assert {v[at_id]: v[at_people] for v in values} == cells
    return cells


@pytest.mark.parametrize("ending", ["voided", "declined", "expired"])
async def test_a_cc_person_of_an_envelope_that_ended_unsigned_gets_no_copy(
    client: AsyncTestClient, org: Org, settings: Settings, ending: str
) -> None:
    definition = demo_definition()
    definition["roles"].append({"key": "hr", "name": "HR", "kind": "cc"})
    template = await import_template(client, org, definition)
    people = [
        {"role": "customer", "name": "Alex Example", "email": "alex@example.com"},
        {"role": "hr", "name": "Harriet Copy", "email": "hr@example.com"},
    ]
    open_ = await create_envelope(client, org, template["id"], recipients=people)
    ended = await create_envelope(client, org, template["id"], recipients=people)
    await run_jobs(settings)
    if ending == "voided":
        url = f"/api/v1/envelopes/{ended['id']}/void"
        voided = await client.post(url, json={"reason": "Sent twice"}, headers=org.auth)
        assert voided.status_code == 200, voided.text
    else:  # as the decline and expiry paths leave it
        await Envelope.update({Envelope.status: ending}).where(Envelope.id == ended["id"])

    cells = await _exported(client, org, template["id"])
    assert HARRIET.format("gets a copy") in cells[open_["id"]]
    assert HARRIET.format("no copy") in cells[ended["id"]]
    assert "gets a copy" not in cells[ended["id"]]
