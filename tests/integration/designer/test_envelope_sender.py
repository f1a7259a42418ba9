"""Envelope lists: the Sender column says what made an envelope that has no sender's email.
Envelopes of `formseal send` read 'Command line' (they read 'API', as did the demo's)."""

import re
import uuid

from litestar.testing import AsyncTestClient

from migrations.runtime.runtime_2026_11_29t09_20_01_000000 import statements
from runtime.bulk import service as bulk
from runtime.settings import Settings
from runtime.tables import AuditEvent, Envelope
from tests.integration.conftest import Org, create_envelope, import_template, run_jobs
from tests.integration.designer.conftest import make_author, sign_in

CSV = b"customer.name,customer.email\nBea Bulk,bea@example.com\n"
OLD = {"role": "customer", "name": "Olga Old", "email": "olga@example.com"}


def _senders(html: str) -> dict[str, str]:
    """Each listed person's name -> the Sender cell of their row."""
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    found = {}
    for row in rows:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        if len(cells) >= 4:
            person = re.sub(r"<[^>]+>", "", cells[1]).split("—")[0].strip()
            found[person] = cells[3].strip()
    return found


async def test_the_sender_column_names_the_command_line_and_the_api(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template = await import_template(client, org)
    await create_envelope(client, org, template["id"])  # Alex Example, through the API
    # what `formseal send TEMPLATE file.csv` does
    await bulk.start(org.id, uuid.UUID(template["id"]), CSV, {}, filename="x.csv", actor="cli")
    await run_jobs(settings)
    author = await make_author(org.id)
    await sign_in(client, author)
    listing = await client.get("/designer/envelopes")
    assert _senders(listing.text) == {"Bea Bulk": "Command line", "Alex Example": "API"}
    group = await client.get("/designer/organisation/envelopes")
    assert "Command line" in group.text


async def test_envelopes_made_before_are_named_from_their_audit_trail(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template = await import_template(client, org)
    made = await create_envelope(client, org, template["id"])
    await bulk.start(org.id, uuid.UUID(template["id"]), CSV, {}, filename="x.csv", actor="cli")
    await run_jobs(settings)
    await Envelope.update({Envelope.sent_via: ""}).where(Envelope.organisation == org.id)
    engine = Envelope._meta.db
    for sql in statements(engine.engine_type == "postgres"):
        await engine.run_ddl(sql)
    rows = await Envelope.select(Envelope.id, Envelope.sent_via).where(
        Envelope.organisation == org.id
    )
    via = {str(r["id"]): r["sent_via"] for r in rows}
    assert via.pop(made["id"]) == "api"
    assert list(via.values()) == ["cli"]


async def test_the_timeline_names_the_command_line_bulk_send_and_the_api(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """The timeline read '— bulk:029cd50f-6714-4ad3-…' and '— api'."""
    template = await import_template(client, org)
    made = await create_envelope(client, org, template["id"])
    started = await bulk.start(
        org.id, uuid.UUID(template["id"]), CSV, {}, filename="x.csv", actor="cli"
    )
    await run_jobs(settings)
    await sign_in(client, await make_author(org.id))
    page = (await client.get(f"/designer/envelopes/{made['id']}")).text
    assert "<strong>Envelope created</strong> — API" in page and "— api<" not in page
    assert " UTC by API" in page  # the page's own line says who sent it
    listing = (await client.get("/designer/envelopes")).text
    bulk_id = str(started["id"])
    row = await Envelope.select(Envelope.id).where(Envelope.bulk_key == f"{bulk_id}:0").first()
    page = (await client.get(f"/designer/envelopes/{row['id']}")).text
    assert f"<strong>Envelope created</strong> — Bulk send {bulk_id[:8]}" in page
    assert " UTC by Command line" in page
    assert f"bulk:{bulk_id}" not in page and "Command line" in listing


def _options(html: str) -> dict[str, str]:
    """The Sender filter's options: value -> words."""
    box = re.search(r'<select[^>]*id="filter-sender".*?</select>', html, re.S).group(0)
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', box))


async def test_the_sender_filter_offers_what_made_envelopes_and_unknown(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """The filter listed emails only: the command line's, the API's and an unrecorded
    maker's envelopes could not be chosen; an unrecorded one's sender read '—'."""
    template = await import_template(client, org)
    made = await create_envelope(client, org, template["id"])  # Alex Example, API
    old = await create_envelope(client, org, template["id"], recipients=[OLD])
    await Envelope.update({Envelope.sent_via: ""}).where(Envelope.id == uuid.UUID(old["id"]))
    await bulk.start(org.id, uuid.UUID(template["id"]), CSV, {}, filename="x.csv", actor="cli")
    await run_jobs(settings)
    author = await make_author(org.id)
    await sign_in(client, author)
    listing = (await client.get("/designer/envelopes")).text
    options = _options(listing)
    assert options == {
        "": "Anyone",
        "api": "API",
        "cli": "Command line",
        "unknown": "Unknown (not recorded)",
    }
    assert _senders(listing)["Olga Old"] == "Unknown (before this was recorded)"
    by_cli = (await client.get("/designer/envelopes?sender=cli")).text
    assert list(_senders(by_cli)) == ["Bea Bulk"] and 'value="cli" selected' in by_cli
    assert list(_senders((await client.get("/designer/envelopes?sender=api")).text)) == [
        "Alex Example"
    ]
    unknown = (await client.get("/designer/envelopes?sender=unknown")).text
    assert list(_senders(unknown)) == ["Olga Old"]
    assert "No envelopes match" in (await client.get("/designer/envelopes?sender=x")).text
    page = (await client.get(f"/designer/envelopes/{old['id']}")).text
    assert " UTC by Unknown (before this was recorded)" in page
    assert made["id"] not in unknown


async def test_an_envelope_without_events_says_so(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """Its Timeline heading stood over nothing."""
    template = await import_template(client, org)
    old = await create_envelope(client, org, template["id"], recipients=[OLD])
    await AuditEvent.delete().where(AuditEvent.envelope == uuid.UUID(old["id"]))
    await sign_in(client, await make_author(org.id))
    page = (await client.get(f"/designer/envelopes/{old['id']}")).text
    assert "No events are recorded for this envelope" in page
