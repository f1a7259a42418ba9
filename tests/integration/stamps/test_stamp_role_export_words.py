"""The archive's CSV export words the organisation's own role as the envelope list does:
'not stamped yet', then 'stamp awaited', never 'not invited yet' or 'invited' (it has no
link and is never invited)."""

import csv
import io

import pytest
from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from tests.integration.conftest import Org, fill_demo, run_jobs
from tests.integration.conftest import path_of as link_path
from tests.integration.designer.conftest import Author
from tests.integration.stamps.helpers import by_hand_envelope


async def _company_cell(client: AsyncTestClient, org: Org, envelope_id: str) -> str:
    body = await client.get("/api/v1/envelopes/export.csv", headers=org.auth)
    rows = list(csv.DictReader(io.StringIO(body.content.decode("utf-8-sig"))))
    cell = next(r["recipients"] for r in rows if r["envelope_id"] == envelope_id)
    return next(p for p in cell.split("; ") if "(Company, " in p)


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_the_organisation_s_role_is_stamped_not_invited_in_the_export(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    org, envelope = await by_hand_envelope(client, author, settings)
    assert (await _company_cell(client, org, envelope["id"])).endswith("(Company, not stamped yet)")

    customer = next(r for r in envelope["recipients"] if r["role"] == "customer")
    await fill_demo(client, link_path(customer["signing_url"]))
    await run_jobs(settings)  # auto-sign may not use this stamp: the envelope waits for it
    assert (await _company_cell(client, org, envelope["id"])).endswith("(Company, stamp awaited)")
