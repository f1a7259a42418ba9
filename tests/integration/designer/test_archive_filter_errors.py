"""The Archive screen's refused filters speak its own labels and keep what was typed.

The filter parser is shared with the API, whose messages name parameters ('from'); on the
screen that read "'from' must be a date" beside a box labelled "Sent from", and the date
box came back empty (a date input drops a value that is not a date), so the person could
not see what was wrong or correct it."""

import re
from html import unescape

from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from tests.integration.designer.conftest import Author, sign_in


def _message(page: str) -> str:
    box = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', page, re.S)
    assert box, "no error summary"
    return unescape(re.sub(r"<[^>]+>", "", box.group(1).split("</h2>", 1)[1])).strip()


def _box(page: str, box_id: str) -> dict[str, str]:
    tag = re.search(rf'<input [^>]*id="{box_id}"[^>]*>', page)
    assert tag, box_id
    return {k: unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', tag.group(0))}


async def test_refused_filters_use_the_screen_labels_and_keep_the_typed_value(
    client: AsyncTestClient, author: Author
) -> None:
    await sign_in(client, author)

    page = await client.get("/designer/archive", params={"from": "31/01/2026"})
    assert page.status_code == 400
    assert _message(page.text) == "“Sent from” must be a date like 2026-01-31."
    typed = _box(page.text, "a-from")
    assert typed["value"] == "31/01/2026" and typed["type"] == "text", typed
    assert typed.get("aria-invalid") == "true"
    assert _box(page.text, "a-to")["type"] == "date"  # the other box is untouched

    page = await client.get("/designer/archive", params={"to": "next friday"})
    assert _message(page.text) == "“to” must be a date like 2026-01-31."
    assert _box(page.text, "a-to")["value"] == "next friday"

    page = await client.get("/designer/archive", params={"from": "2026-11-10", "to": "2026-11-01"})
    assert _message(page.text) == "The “to” date is before the “Sent from” date."
    start, end = _box(page.text, "a-from"), _box(page.text, "a-to")
    assert (start["type"], start["value"]) == ("date", "2026-11-10")  # real dates stay pickers
    assert (end["value"], end.get("aria-invalid")) == ("2026-11-01", "true")

    page = await client.get("/designer/archive", params={"status": "done"})
    assert _message(page.text) == "“Status” cannot be “done”: choose one from the list."

    # the API keeps naming its parameters, for the programs that read them
    api = {"Authorization": f"Bearer {await create_api_key(author.organisation_id, 'x')}"}
    answer = await client.get(
        "/api/v1/envelopes/search", params={"from": "31/01/2026"}, headers=api
    )
    assert answer.json()["detail"] == "'from' must be a date like 2026-01-31."
    answer = await client.get(
        "/api/v1/envelopes/search", params={"from": "2026-11-10", "to": "2026-11-01"}, headers=api
    )
    assert answer.json()["detail"] == "The 'to' date is before the 'from' date."
    assert answer.json()["errors"] == [{"parameter": "to", "message": answer.json()["detail"]}]


async def test_the_dashboard_filters_speak_their_labels_too(
    client: AsyncTestClient, author: Author
) -> None:
    """Insight's filter form has the same "Sent from" and "to" boxes and the same parser."""
    await sign_in(client, author)
    page = await client.get("/designer/insight", params={"from": "yesterday"})
    assert page.status_code == 400
    assert _message(page.text) == "“Sent from” must be a date like 2026-01-31."
    assert _box(page.text, "f-from")["value"] == "yesterday"
    page = await client.get("/designer/insight", params={"from": "2026-11-10", "to": "2026-11-01"})
    assert _message(page.text) == "The “to” date is before the “Sent from” date."
    assert _box(page.text, "f-to")["type"] == "date"
    assert (await client.get("/designer/insight")).status_code == 200


def _beside(page: str, box_id: str) -> str:
    """The message standing beside the box (between its label and the box), in words."""
    found = re.search(rf'<p class="field-error[^"]*" id="{box_id}-error">(.*?)</p>', page, re.S)
    assert found, f"no message beside {box_id}"
    return unescape(re.sub(r"<[^>]+>", "", found.group(1))).replace("Error: ", "").strip()


async def test_the_message_stands_beside_the_filter_it_is_about(
    client: AsyncTestClient, author: Author
) -> None:
    """Only the summary at the top said what was wrong: on Insight it linked nowhere and
    no box was marked, and neither screen put the message by the box at fault."""
    await sign_in(client, author)
    page = (await client.get("/designer/archive", params={"status": "done"})).text
    assert _beside(page, "a-status") == "“Status” cannot be “done”: choose one from the list."
    assert 'aria-describedby="a-status-error"' in page and 'href="#a-status"' in page
    page = (
        await client.get("/designer/archive", params={"from": "2026-11-10", "to": "2026-11-01"})
    ).text
    assert _beside(page, "a-to") == "The “to” date is before the “Sent from” date."
    assert _box(page, "a-to")["aria-describedby"] == "a-to-error"
    assert "a-from-error" not in page  # only the box at fault

    page = (await client.get("/designer/insight", params={"from": "yesterday"})).text
    assert _beside(page, "f-from") == "“Sent from” must be a date like 2026-01-31."
    box = _box(page, "f-from")
    assert (box.get("aria-invalid"), box.get("aria-describedby")) == ("true", "f-from-error")
    assert 'href="#f-from"' in page  # the summary links to the box
    page = (
        await client.get("/designer/insight", params={"from": "2026-11-10", "to": "2026-11-01"})
    ).text
    assert _beside(page, "f-to") == "The “to” date is before the “Sent from” date."
    page = (await client.get("/designer/insight", params={"from": "2001-01-01"})).text
    assert _beside(page, "f-from").startswith("“Sent from” and “to” may be at most three years")
    assert _box(page, "f-from").get("aria-invalid") == "true"
