"""A repeating group's Remove is seen, not only heard: "Removed: Eve Director (was Director
2)." stands where the row was (drawn by the server, runtime/signing/group_rows.py), in the
page's language, as well as being said by the step's live region (signer.js
afterRemovedRow). It was said only, so a sighted signer saw the rows renumbered and nothing
saying which one had gone; then "Removed: Director 2." stood above the row that had just
become Director 2: the removed row is named by its first answer. The line is the page's
own: a second window open on the same step, loaded again, showed it too (read from the
draft by every page of the step); only the page the removal leads to shows it now."""

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import BOARD, agree, new_envelope, shot

pytestmark = pytest.mark.browser


@pytest.mark.timeout(60)
@pytest.mark.parametrize("width", [1280, 375])
def test_a_removed_row_is_shown_where_it_was(
    browser: Browser, live_server: LiveServer, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(new_envelope(live_server, BOARD))
        agree(page)
        page.locator("#input-directors__0__name").fill("Dana Director")
        page.get_by_role("button", name="Add another director").click()
        page.locator("#input-directors__1__name").fill("Eve Director")
        page.get_by_role("button", name="Add another director").click()
        page.locator("#input-directors__2__name").fill("Finn Director")
        other = context.new_page()  # the same step in a second window
        other.goto(page.url)
        expect(other.locator("#input-directors__2__name")).to_be_visible()  # three rows
        page.get_by_role("button", name="Remove director 2").click()
        expect(page).to_have_url(re.compile(r"/step/1\?removed=[\w-]+#field-directors$"))

        line = page.locator("#field-directors [data-row-removed]")
        expect(line).to_be_visible()
        expect(line).to_have_text("Removed: Eve Director (was Director 2).")
        # where Director 2 was: after the first row, before the one that took its place
        first, now_second = page.locator("#field-directors .group-row").all()
        assert first.bounding_box()["y"] < line.bounding_box()["y"]  # type: ignore[index]
        assert line.bounding_box()["y"] < now_second.bounding_box()["y"]  # type: ignore[index]
        expect(now_second.locator("input").first).to_have_value("Finn Director")
        expect(page.locator("#fields-announcer")).to_have_text(
            "Removed: Eve Director (was Director 2)."
        )
        shot(page, f"signer-row-removed-shown-{width}")

        # the other window, loaded again: the rows as they now stand, and no line
        other.reload()
        expect(other.locator("#input-directors__1__name")).to_have_value("Finn Director")
        expect(other.locator("[data-row-removed]")).to_have_count(0)
        shot(other, f"signer-row-removed-other-window-{width}")
        other.close()
        expect(line).to_be_visible()  # still on the page where the row was removed

        # the next change takes it away
        page.locator("#input-directors__0__name").fill("Dana Q. Director")
        page.locator("#input-directors__0__name").blur()
        expect(line).to_have_count(0)

        # in the page's language: the last row removed, the line stands before Add another
        page.select_option("#language-choice", "fr")
        page.locator(".language-switcher__button").click()
        expect(page.locator(".language-switcher__button")).to_have_text("Changer de langue")
        page.locator("#field-directors button[name='directors__remove'][value='1']").click()
        expect(line).to_have_text("Supprimé : Finn Director (anciennement Director 2).")
        add = page.locator("#field-directors button[name='directors__add']")
        assert line.bounding_box()["y"] < add.bounding_box()["y"]  # type: ignore[index]
        shot(page, f"signer-row-removed-shown-fr-{width}")
    finally:
        context.close()
