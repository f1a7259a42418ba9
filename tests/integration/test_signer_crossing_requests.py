"""Two requests of one signing page that cross: an autosave sent as "Remove" is pressed
(signer.js waits 150 ms after a change), both reading the same draft. Whichever writes
second must not put back what the first took away or typed (runtime/signing/drafts.py:
each write lands only on the draft it read)."""

import asyncio
import re
import threading
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from runtime.signing import service
from tests.board_form import board_resolution, signature
from tests.integration.conftest import Org, opened_envelope, value_of
from tests.integration.helpers import post_from_thread

BOARD = board_resolution({"key": "note", "component": "text", "label": "Note"}, signature())
STATE = re.compile(r'name="__state" value="([0-9a-f]+)"')
HTMX = {"HX-Request": "true"}


TYPED = {"directors__0__name": "Dana Director", "note": ""}


async def dana_typed_and_saved(client: AsyncTestClient, org: Org) -> tuple[str, str]:
    """An envelope of BOARD open at its step, with Dana Director typed in the first row
    and autosaved: its link, and the state the page knows after its own save."""
    link = await opened_envelope(client, org, BOARD)
    first = STATE.findall((await client.get(f"{link}/step/1")).text)[0]
    saved = await client.post(
        f"{link}/step/1/draft", data={"__state": first, **TYPED}, headers=HTMX
    )
    assert saved.status_code == 200
    return link, saved.headers["X-Formseal-State"]


class HeldWrite:
    """Holds the first draft write made through `service.store_draft` until `release`:
    the request making it has read the draft and decided, and waits there while another
    request runs from start to end. (The app runs on the test client's own loop, in
    another thread: the two requests are sent from threads of their own.)"""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reached, self.released = threading.Event(), threading.Event()
        write = service.store_draft

        async def held(ctx: Any, draft: dict[str, Any], *notes: Any) -> None:
            if not self.reached.is_set():
                self.reached.set()
                await asyncio.to_thread(self.released.wait, 20)
            await write(ctx, draft, *notes)

        monkeypatch.setattr(service, "store_draft", held)

    async def wait(self) -> None:
        assert await asyncio.to_thread(self.reached.wait, 5), "the first write was reached"


@pytest.mark.parametrize("settings", ["sqlite", "postgres"], indirect=True)
async def test_an_autosave_crossing_a_remove_does_not_bring_the_row_back(
    client: AsyncTestClient, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    link, state = await dana_typed_and_saved(client, org)
    typed = TYPED

    held = HeldWrite(monkeypatch)
    # the change event's autosave (the same answers) is on its way when Remove is pressed
    autosave = post_from_thread(
        client, f"{link}/step/1/draft", data={"__state": state, **typed}, headers=HTMX
    )
    await held.wait()
    removed = await post_from_thread(
        client,
        f"{link}/step/1",
        data={"__state": state, **typed, "directors__remove": "0"},
        follow_redirects=False,
    )
    assert removed.status_code == 303, removed.text
    held.released.set()
    late = await asyncio.wait_for(autosave, 20)
    # it was read before the row went: written now, it would put Dana back
    assert late.status_code == 409, late.text
    assert late.headers["X-Formseal-Conflict"] == "1"

    page = (await client.get(f"{link}/step/1")).text
    assert value_of(page, "directors__0__name") in (None, ""), "the row stays removed"


@pytest.mark.parametrize("settings", ["sqlite", "postgres"], indirect=True)
async def test_a_remove_crossing_its_own_autosave_still_removes(
    client: AsyncTestClient, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other order: Remove read the draft, its page's last autosave (the same answers)
    wrote meanwhile. The same answers are no conflict: the row goes, no "other window"."""
    link, state = await dana_typed_and_saved(client, org)
    typed = TYPED

    held = HeldWrite(monkeypatch)
    remove = post_from_thread(
        client,
        f"{link}/step/1",
        data={"__state": state, **typed, "directors__remove": "0"},
        follow_redirects=False,
    )
    await held.wait()
    again = await post_from_thread(
        client,
        f"{link}/step/1/draft",
        data={"__state": state, **typed, "note": "typed meanwhile"},
        headers=HTMX,
    )
    assert again.status_code == 200
    held.released.set()
    removed = await asyncio.wait_for(remove, 20)
    assert removed.status_code in (303, 409), removed.text
    page = (await client.get(f"{link}/step/1")).text
    if removed.status_code == 303:
        assert value_of(page, "directors__0__name") in (None, "")
    assert value_of(page, "note") == "typed meanwhile", "the other write is kept"


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_an_autosave_after_add_another_keeps_the_new_blank_row(
    client: AsyncTestClient, org: Org
) -> None:
    """ "Add another" stored a blank second row; the autosave the page sent as it left (the
    first row only) is late. A blank row is no answer, but it is a row the page showed:
    the autosave comes from a page that has not seen it and does not take it away."""
    link, state = await dana_typed_and_saved(client, org)
    typed = TYPED
    added = await client.post(
        f"{link}/step/1",
        data={"__state": state, **typed, "directors__add": ""},
        follow_redirects=False,
    )
    assert added.status_code == 303
    late = await client.post(f"{link}/step/1/draft", data={"__state": state, **typed}, headers=HTMX)
    assert late.status_code == 409, "a page with one row has not seen the second"
    page = (await client.get(f"{link}/step/1")).text
    assert 'id="row-directors-2"' in page, "the row just added is still there"
