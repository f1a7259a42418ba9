"""An author who presses Enter on "Add a role" and types the name at once, before the
server has answered, in chromium at 1280 and 375 px: the keys went to the pressed palette
button (a space pressed it again, a second role) and the name was lost. What is typed
meanwhile is kept and lands in the new role's Name box, replacing its made-up name, and
is saved; only one role is added. The server's answer is held with page.route until the
name is typed."""

import re
import uuid

import pytest
from playwright.sync_api import Browser, Route, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_editing import saved
from tests.browser.designer_pages import follow, screenshot, sign_in
from tests.browser.keyboard import tab_to

pytestmark = pytest.mark.browser
NAME = "Second guarantor"


@pytest.mark.parametrize("width", [1280, 375], ids=["1280px", "375px"])
def test_a_role_name_typed_before_the_answer_is_kept(
    browser: Browser, live_server: LiveServer, width: int
) -> None:
    email, password = live_server.demo_author(f"Role typed {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password, width=width)
    try:
        follow(page.locator("a[href$='/edit']").first)
        follow(page.get_by_role("link", name="Roles and signing order", exact=True))
        cards = page.locator(".role-card")
        before = cards.count()
        held: list[Route] = []  # the first answer, held until the name is typed

        def hold(route: Route) -> None:
            if held:  # another press (the bug: a space pressed the button again)
                route.continue_()
            else:
                held.append(route)

        page.route(re.compile(r"/roles$"), hold)
        tab_to(page, ".palette__list--roles li:first-child .palette__button")  # Signer
        page.keyboard.press("Enter")
        while not held:
            page.wait_for_timeout(20)
        page.keyboard.type(NAME)  # at once: the new role is not there yet
        held[0].continue_()
        name = page.locator("#prop-name")
        expect(name).to_have_value(NAME)
        expect(name).to_be_focused()
        saved(page)
        expect(cards).to_have_count(before + 1)
        expect(page.locator(".role-card__name", has_text=NAME)).to_have_count(1)
        screenshot(page, f"role-typed-at-once-{width}", area="designer", full_page=False)
    finally:
        page.context.close()
