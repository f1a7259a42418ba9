"""Check your answers: a repeating group's "Change" stands on the question's line
("Directors"), above its rows, at desk and phone widths; beside "Director 1" it read as
changing that row alone, while it opens the whole question."""

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import BOARD, agree, continue_, new_envelope, shot

pytestmark = pytest.mark.browser


@pytest.mark.timeout(90)
def test_a_groups_change_link_is_on_the_questions_line(
    browser: Browser, live_server: LiveServer
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        page.goto(new_envelope(live_server, BOARD))
        agree(page)
        page.locator("#input-directors__0__name").fill("Dana Director")
        page.get_by_role("button", name="Add another director").click()
        page.locator("#input-directors__1__name").fill("Eli Second")
        page.get_by_text("Type", exact=True).click()
        page.locator("input[name='signature__typed']").fill("Dana Director")
        continue_(page)
        row = page.locator(".summary-list__row", has=page.locator(".summary-rows"))
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            key = row.locator(".summary-list__key").bounding_box()
            change = row.get_by_role("link", name="Change Directors").bounding_box()
            first = row.get_by_text("Director 1", exact=True).bounding_box()
            assert key and change and first
            # the word "Change" is on the line of "Directors", and above the first row
            middle = change["y"] + change["height"] / 2
            assert key["y"] <= middle <= key["y"] + key["height"], (width, key, change)
            assert middle < first["y"], (width, change, first)
            shot(page, f"review-group-change-{width}")
    finally:
        context.close()
