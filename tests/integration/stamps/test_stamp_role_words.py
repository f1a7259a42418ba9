"""The organisation's role on an envelope's page is never 'invited': it waits for its company
stamp. Its row read 'Not invited yet · Invited once Customer has finished', then 'Invited,
not opened yet' while the stamp was awaited, and the box above 'Next: … invited once that
person finishes'; the envelope list said '<organisation> — not invited yet'. Its panel said
the stamp 'is applied automatically when it can be' beside the box saying it could not be."""

import re

import pytest
from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from runtime.settings import Settings
from runtime.stamps.service import upload_stamp
from tests.integration.conftest import Org, create_envelope, fill_demo, import_template, run_jobs
from tests.integration.conftest import path_of as link_path
from tests.integration.designer.conftest import Author, sign_in
from tests.integration.stamps.helpers import stamp_definition, stamp_png


def _company_row(page: str) -> str:
    row = next(r for r in page.split("<tr>") if 'data-label="Role">Company<' in r)
    row = row.split("</tr>")[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_the_organisation_s_row_waits_for_its_stamp(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "tests"))
    await upload_stamp(
        settings, org.id, name="Board seal", data=stamp_png(), actor="a", auto_sign=False
    )
    template = await import_template(client, org, stamp_definition())
    envelope = await create_envelope(client, org, template["id"])
    await sign_in(client, author)
    url = f"/designer/envelopes/{envelope['id']}"

    before = (await client.get(url)).text
    assert "Not stamped yet Stamped once Customer has finished" in _company_row(before)
    assert "(Company), stamped once that person finishes." in before
    listing = (await client.get("/designer/envelopes")).text
    assert '<span class="hint">— not stamped yet</span>' in listing

    customer = next(r for r in envelope["recipients"] if r["role"] == "customer")
    await fill_demo(client, link_path(customer["signing_url"]))
    await run_jobs(settings)  # auto-sign may not use this stamp: the envelope waits for it
    waiting = _company_row((await client.get(url)).text)
    assert "Waiting for the company stamp" in waiting and "Invited" not in waiting
    listing = (await client.get("/designer/envelopes")).text
    assert '<span class="hint">— stamp awaited</span>' in listing
    # its turn in the timeline (and the audit CSV) is not an invitation either
    page = (await client.get(url)).text
    # auto-sign may not apply this stamp: the panel says so and does not promise it will
    assert "Its company stamp is not allowed for auto-sign, so it is applied by hand" in page
    assert "applied automatically when it can be" not in page
    assert "<strong>Company stamp awaited</strong>" in page
    assert page.count("<strong>Invited</strong>") == 1  # the customer's
    trail = (await client.get(f"{url}/audit.csv")).text
    assert "Company stamp awaited" in trail

    voided = await create_envelope(client, org, template["id"])
    answer = await client.post(
        f"/api/v1/envelopes/{voided['id']}/void", json={"reason": "Wrong fee"}, headers=org.auth
    )
    assert answer.status_code == 200, answer.text
    ended = _company_row((await client.get(f"/designer/envelopes/{voided['id']}")).text)
    assert "Not stamped: the envelope was voided" in ended
