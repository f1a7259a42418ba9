"""The archive as a sender uses it: empty states, and each envelope's sealed PDF and audit
trail downloaded from its row."""

import csv
import io

from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from runtime.settings import Settings
from tests.integration.conftest import (
    Org,
    create_envelope,
    fill_demo,
    import_template,
    path_of,
    run_jobs,
)
from tests.integration.designer.conftest import Author, make_author, sign_in


async def test_empty_archive_and_a_search_without_matches_say_what_to_do(
    client: AsyncTestClient, author: Author
) -> None:
    await sign_in(client, author)
    empty = (await client.get("/designer/archive")).text
    assert "No envelopes yet" in empty and 'href="/designer/envelopes">Send a template' in empty
    assert "Download the 0 matches" not in empty and "export.csv" not in empty
    nothing = (await client.get("/designer/archive?q=zzzz")).text
    assert "Nothing matches" in nothing and "export.csv" not in nothing


async def test_sealed_pdf_and_audit_trail_from_the_archive_row(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    token = await sign_in(client, author)
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "t"))
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    await fill_demo(client, path_of(envelope["recipients"][0]["signing_url"]))
    await run_jobs(settings)  # sealed
    eid = envelope["id"]

    row = (await client.get(f"/designer/archive?q={eid[:8]}")).text
    assert f'href="/designer/envelopes/{eid}/sealed.pdf">Sealed PDF' in row
    assert f'href="/designer/envelopes/{eid}/audit.csv">Audit trail' in row
    assert f"version 1 · {eid[:8]}" in row  # the reference to search for later
    pdf = await client.get(f"/designer/envelopes/{eid}/sealed.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    trail = await client.get(f"/designer/envelopes/{eid}/audit.csv")
    assert trail.status_code == 200 and trail.headers["content-type"].startswith("text/csv")
    assert f'filename="audit-trail-{eid[:8]}.csv"' in trail.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(trail.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["When (UTC)", "Event", "Who", "Details"]
    events = [r[1] for r in rows[1:]]
    assert events[0] == "Envelope created" and "Finished" in events
    assert "Agreed to sign electronically" in events and "Completed and sealed" in events
    finished = next(r for r in rows if r[1] == "Finished")
    assert finished[2] == "Alex Example <alex@example.com> (Customer)"
    assert len(finished[6]) == 64  # its hash, to check against the chain
    page = (await client.get(f"/designer/envelopes/{eid}")).text
    assert "Download the audit trail (CSV)" in page

    intruder = await make_author()
    await client.post("/designer/logout", data={"_csrf_token": token})
    await sign_in(client, intruder)
    assert (await client.get(f"/designer/envelopes/{eid}/audit.csv")).status_code == 404
