"""After "Remove" on a group's row, the step says which row went, named by its first answer
("✓ Removed: Eve Director (was Director 2).") rather than by a number that a row after it
now has, and the page says it itself: without JavaScript too (the line is drawn by the
server, where the row was), in the page's language. Only the page the removal redirects to
says it: another window open on the same step showed the line too (it was read from the
draft by every page of the step until the draft was next written)."""

import re

import pytest
from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, opened_envelope
from tests.integration.helpers import BOARD

THREE = {
    "directors__0__name": "Dana Director",
    "directors__1__name": "Eve Director",
    "directors__2__name": "Finn Director",
}
LINE = re.compile(r'<p class="group-removed" data-row-removed>([^<]*)</p>')


def _line_and_rows(page: str) -> tuple[str | None, list[str]]:
    """The removed row's line and the rows' titles, in the order they stand."""
    found = LINE.search(page)
    titles = (
        re.findall(r'class="group-row__title"[^>]*>([^<]*)<', page[: found.start()])
        if found
        else []
    )
    return (found.group(1) if found else None), titles


async def after_post(client: AsyncTestClient, link: str, data: dict[str, str]) -> str:
    """The step posted, and the page its redirect leads to (as a browser follows it)."""
    posted = await client.post(f"{link}/step/1", data=data)
    assert posted.status_code == 303, posted.text
    return (await client.get(posted.headers["location"])).text


@pytest.mark.parametrize("settings", ["sqlite", "postgres"], indirect=True)
async def test_the_removed_row_is_named_by_its_first_answer_where_it_was(
    client: AsyncTestClient, org: Org
) -> None:
    link = await opened_envelope(client, org, BOARD)
    page = await after_post(client, link, {**THREE, "directors__remove": "1"})
    line, before = _line_and_rows(page)
    assert line == "Removed: Eve Director (was Director 2)."
    assert before == ["Director 1"], "shown where the row was, after Director 1"
    after = page[page.index("data-row-removed>") :]
    assert re.search(r'id="row-directors-2"[^>]*>Director 2<', after), "the row after it"
    assert 'value="Finn Director"' in after[:2000], "now Director 2, after the line"

    # the next change (an autosave) takes it away
    await client.post(
        f"{link}/step/1/draft",
        data={"directors__0__name": "Dana Q. Director", "directors__1__name": "Finn Director"},
    )
    assert LINE.search((await client.get(f"{link}/step/1")).text) is None


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_a_row_without_an_answer_is_named_by_its_number_in_the_pages_language(
    client: AsyncTestClient, org: Org
) -> None:
    link = await opened_envelope(client, org, BOARD)
    await client.post(f"{link}/language", data={"language": "fr", "return": f"{link}/"})
    blank = {**THREE, "directors__1__name": " "}
    line, _rows = _line_and_rows(
        await after_post(client, link, {**blank, "directors__remove": "1"})
    )
    assert line == "Supprimé\u00a0: Director 2. Les lignes suivantes ont remonté."
    # the last row: no row takes its number
    two = {"directors__0__name": "Dana Director", "directors__1__name": ""}
    line, rows = _line_and_rows(await after_post(client, link, {**two, "directors__remove": "1"}))
    assert line == "Supprimé\u00a0: Director 2." and rows == ["Director 1"]

    # an answer is text, escaped, and a long one is shortened
    odd = {"directors__0__name": "<b>Eve</b> & " + "Co " * 40}
    line, _rows = _line_and_rows(await after_post(client, link, {**odd, "directors__remove": "0"}))
    assert line == (
        "Supprimé\u00a0: &lt;b&gt;Eve&lt;/b&gt; &amp; " + " ".join(["Co"] * 15) + "… "
        "(anciennement Director 1)."
    )


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_only_the_page_of_the_removal_says_it(client: AsyncTestClient, org: Org) -> None:
    """The step open in a second window (its own GET, or loaded again there) shows no line,
    nor does a made-up note id; the page the removal redirected to does, also from the
    review's Change link (`return=review` is kept beside it)."""
    link = await opened_envelope(client, org, BOARD)
    posted = await client.post(f"{link}/step/1", data={**THREE, "directors__remove": "1"})
    assert posted.status_code == 303
    location = posted.headers["location"]
    assert re.fullmatch(rf"{re.escape(link)}/step/1\?removed=[\w-]+#field-directors", location)

    line, _rows = _line_and_rows((await client.get(location)).text)
    assert line == "Removed: Eve Director (was Director 2)."
    for elsewhere in (f"{link}/step/1", f"{link}/step/1?removed=", f"{link}/step/1?removed=x1"):
        page = (await client.get(elsewhere)).text
        assert _line_and_rows(page)[0] is None, elsewhere
        assert 'value="Finn Director"' in page, "the rows themselves are the same"

    # from the review's Change link: back to the review after, and the line on this page
    two = {"directors__0__name": "Dana Director", "directors__1__name": "Finn Director"}
    posted = await client.post(
        f"{link}/step/1?return=review", data={**two, "directors__remove": "0"}
    )
    assert re.search(r"\?return=review&removed=[\w-]+#field-directors$", posted.headers["location"])
    line, _rows = _line_and_rows((await client.get(posted.headers["location"])).text)
    assert line == "Removed: Dana Director (was Director 1)."
    # Add another names no removed row
    added = await client.post(f"{link}/step/1", data={**two, "directors__add": "1"})
    assert "removed=" not in added.headers["location"]
