"""The archive and insight find envelopes by what made them: their Sender filter offers,
after the people's emails, the command line, the API, … and Unknown, in words. The archive
had no Sender box (only a hidden one carried over from insight) and insight's listed
emails only, so the command line's or the API's envelopes could not be chosen; the
archive's results now name each envelope's sender too."""

import re
import uuid

from litestar.testing import AsyncTestClient

from runtime.bulk import service as bulk
from runtime.settings import Settings
from runtime.tables import Envelope
from tests.integration.conftest import Org, create_envelope, import_template, run_jobs
from tests.integration.designer.conftest import make_author, sign_in

CSV = b"customer.name,customer.email\nBea Bulk,bea@example.com\n"
OLD = {"role": "customer", "name": "Olga Old", "email": "olga@example.com"}


def _options(html: str, box: str) -> dict[str, str]:
    select = re.search(rf'<select[^>]*id="{box}".*?</select>', html, re.S).group(0)
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select))


def _people(html: str) -> set[str]:
    return set(re.findall(r"<div>([A-Z][a-z]+ [A-Z][a-z]+) <span class=\"who\">", html))


async def _three_makers(client: AsyncTestClient, org: Org, settings: Settings) -> None:
    template = await import_template(client, org)
    await create_envelope(client, org, template["id"])  # Alex Example, through the API
    old = await create_envelope(client, org, template["id"], recipients=[OLD])
    await Envelope.update({Envelope.sent_via: ""}).where(Envelope.id == uuid.UUID(old["id"]))
    await bulk.start(org.id, uuid.UUID(template["id"]), CSV, {}, filename="x.csv", actor="cli")
    await run_jobs(settings)
    await sign_in(client, await make_author(org.id))


async def test_the_archive_filters_by_what_made_an_envelope(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    await _three_makers(client, org, settings)
    page = (await client.get("/designer/archive")).text
    assert _options(page, "a-sender") == {
        "": "Anyone",
        "api": "API",
        "cli": "Command line",
        "unknown": "Unknown (not recorded)",
    }
    assert _people(page) == {"Alex Example", "Olga Old", "Bea Bulk"}
    cells = r'<td data-label="Sender" class="archive-sender">(.*?)</td>'
    shown = [re.sub(r"<[^>]+>", "", c) for c in re.findall(cells, page, re.S)]
    assert sorted(shown) == ["API", "Command line", "Unknown (before this was recorded)"]
    by_cli = (await client.get("/designer/archive?sender=cli")).text
    assert _people(by_cli) == {"Bea Bulk"} and 'value="cli" selected' in by_cli
    assert _people((await client.get("/designer/archive?sender=api")).text) == {"Alex Example"}
    assert _people((await client.get("/designer/archive?sender=unknown")).text) == {"Olga Old"}
    export = await client.get("/designer/archive/export.csv?sender=cli")
    assert "bea@example.com" in export.text and "alex@example.com" not in export.text
    refused = await client.get("/designer/archive?sender=robot")
    assert refused.status_code == 400
    assert "“Sender” cannot be “robot”: choose one from the list." in refused.text


async def test_insight_counts_what_one_maker_sent(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    await _three_makers(client, org, settings)
    page = (await client.get("/designer/insight")).text
    assert _options(page, "f-sender")["cli"] == "Command line"
    by_cli = (await client.get("/designer/insight?sender=cli")).text
    assert "sender <strong>Command line</strong>." in by_cli
    sent = re.search(r"<dt>Sent</dt>\s*<dd>(\d+)</dd>", by_cli)
    assert sent and sent.group(1) == "1", by_cli[:200]
    assert "sender=cli" in by_cli  # 'Find these envelopes' keeps it


async def test_the_api_reads_sender_as_an_email_still(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    await _three_makers(client, org, settings)
    found = await client.get("/api/v1/envelopes/search?sender=cli", headers=org.auth)
    assert found.status_code == 200 and found.json()["items"] == []


async def test_people_and_the_rest_are_grouped_in_each_sender_list(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """Emails and 'Command line' in one list read as if the command line were a person."""
    await _three_makers(client, org, settings)
    template = await import_template(client, org)
    await create_envelope(client, org, template["id"], sender_email="ann@example.com")
    for path, box in (
        ("envelopes", "filter-sender"),
        ("archive", "a-sender"),
        ("insight", "f-sender"),
    ):
        page = (await client.get(f"/designer/{path}")).text
        select = re.search(rf'<select[^>]*id="{box}".*?</select>', page, re.S).group(0)
        people = re.search(r'<optgroup label="People">(.*?)</optgroup>', select, re.S)
        others = re.search(r'<optgroup label="Not a person">(.*?)</optgroup>', select, re.S)
        assert people and "ann@example.com" in people.group(1), path
        assert others and "Command line" in others.group(1), path
        assert "@" not in others.group(1), path


async def test_a_chosen_sender_that_made_nothing_stays_chosen_in_words(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """A bookmark of `?sender=cli` in an organisation whose command line made nothing: the
    list showed "Everyone" while the figures were the command line's (none), and the line
    above them said "sender cli"."""
    template = await import_template(client, org)
    await create_envelope(client, org, template["id"])  # through the API
    await sign_in(client, await make_author(org.id))
    by_cli = (await client.get("/designer/insight?sender=cli")).text
    assert "sender <strong>Command line</strong>." in by_cli
    assert re.search(r'<option value="cli" selected>Command line</option>', by_cli)
    archive = (await client.get("/designer/archive?sender=embed")).text
    assert re.search(r'<option value="embed" selected>Embedded form</option>', archive)
    someone = (await client.get("/designer/insight?sender=Gone%40Example.com")).text
    assert re.search(r'<option value="gone@example.com" selected>', someone)
    team = (await client.get("/designer/insight?team=Gone.Example.com")).text
    assert re.search(r'<option value="gone.example.com" selected>', team)


async def test_a_team_from_insight_shows_on_the_archive_and_can_be_dropped(
    client: AsyncTestClient, org: Org
) -> None:
    """Insight's "Find these envelopes" carries the team to the archive, which has no Team
    box: a hidden input narrowed the results with nothing on the screen saying so."""
    template = await import_template(client, org)
    await create_envelope(client, org, template["id"], sender_email="ann@hr.example.com")
    await create_envelope(client, org, template["id"], sender_email="bo@legal.example.com")
    await sign_in(client, await make_author(org.id))
    page = (await client.get("/designer/archive?team=hr.example.com")).text
    box = re.search(r'<input[^>]*id="a-team"[^>]*>', page)
    assert box and 'name="team"' in box.group(0) and "checked" in box.group(0)
    assert "Only team <strong>hr.example.com</strong>" in page
    assert "Download the 1 match:" in page
    everyone = (await client.get("/designer/archive")).text  # the box unticked: no team
    assert 'id="a-team"' not in everyone and "Download the 2 matches:" in everyone
