"""Retry on the designer's save bar, in chromium, once the panel whose change failed has been
replaced because the author chose another item: the change is saved where it belongs and
the bar ends on "All changes saved". It used to be sent again into the whole workspace,
which the answer to a panel's change (only pieces swapped out of band) left blank."""

import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_editing import saved, settled
from tests.browser.designer_pages import follow, screenshot, sign_in

pytestmark = pytest.mark.browser
EARLIER = "An earlier change was not saved: retry it."


@pytest.fixture
def form_tab(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """The demo's Service agreement on the Form tab (its first fields: full_name, email)."""
    email, password = live_server.demo_author(f"Retry {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password)
    follow(page.get_by_role("link", name="Service agreement").first)
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    yield page
    page.context.close()


def choose(page: Page, key: str) -> None:
    page.locator(f"#select-field-{key}").click()
    expect(page.locator("#prop-target")).to_have_value(f"field:{key}")
    settled(page)


def refuse_the_next_save(page: Page) -> None:
    """The server answers the next property save with an error (as a crash would)."""

    refused: list[str] = []

    def refuse(route: Route) -> None:
        if route.request.method != "POST" or refused:
            route.continue_()
            return
        refused.append(route.request.url)
        route.fulfill(status=500, content_type="text/plain", body="Internal Server Error")

    page.route("**/properties", refuse)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("width", [1280, 375])
def test_retry_after_choosing_another_field_saves_the_change_and_keeps_the_panel(
    form_tab: Page, width: int
) -> None:
    """A question renamed, refused by the server, then another field chosen and changed:
    saving that field used to say "All changes saved" over the rename, which was lost; and
    Retry then sent the rename into the workspace, which went blank. Now the bar stays on
    "Not saved" until Retry, which saves the rename and leaves the other field's panel."""
    page = form_tab
    page.set_viewport_size({"width": width, "height": 900})
    choose(page, "full_name")
    refuse_the_next_save(page)
    page.locator("#prop-label").fill("Your full legal name")
    page.locator("#prop-label").press("Tab")
    status = page.locator("#save-status")
    expect(status).to_have_text("Not saved")
    retry = page.locator("#save-retry")
    expect(retry).to_be_visible()

    choose(page, "email")
    page.locator("#prop-help").fill("Where the signed agreement goes.")
    page.locator("#prop-help").press("Tab")
    expect(status).to_have_text("Not saved")  # the email field saved, the rename still not
    expect(page.locator("#save-problem")).to_have_text(EARLIER)
    expect(retry).to_be_visible()
    screenshot(page, f"retry-another-field-{width}", area="designer", full_page=False)

    retry.click()
    saved(page)
    expect(page.locator("#prop-target")).to_have_value("field:email")  # its panel stays
    expect(page.locator("#prop-help")).to_have_value("Where the signed agreement goes.")
    expect(page.locator("#select-field-email")).to_be_attached()  # the workspace is whole
    expect(page.locator(".canvas-field.is-selected")).to_have_attribute("data-key", "email")
    expect(page.locator(".canvas-field[data-key=full_name]")).to_contain_text(
        "Your full legal name"
    )
    screenshot(page, f"retry-saved-{width}", area="designer", full_page=False)
    page.reload()
    expect(page.locator(".canvas-field[data-key=full_name]")).to_contain_text(
        "Your full legal name"
    )
    expect(page.locator(".canvas-field[data-key=email]")).to_contain_text(
        "Where the signed agreement goes."
    )


@pytest.mark.timeout(120)
def test_retry_offline_change_after_choosing_the_same_field_again_shows_it_saved(
    form_tab: Page,
) -> None:
    """No connection when the question was renamed (and when the editor retried by
    itself); back online, the author chose another field and then this one again, whose
    new panel shows the question as it was. Retry saves the rename and draws that panel
    again with it, instead of blanking the workspace."""
    page = form_tab
    choose(page, "full_name")
    page.context.set_offline(True)
    page.locator("#prop-label").fill("Name as on your passport")
    page.locator("#prop-label").press("Tab")
    expect(page.locator("#save-problem")).to_contain_text("No connection")
    page.context.set_offline(False)
    choose(page, "email")
    choose(page, "full_name")
    expect(page.locator("#prop-label")).to_have_value("Full name")  # as saved

    page.locator("#save-retry").click()
    saved(page)
    expect(page.locator("#prop-label")).to_have_value("Name as on your passport")
    expect(page.locator(".canvas-field.is-selected")).to_have_attribute("data-key", "full_name")
    page.reload()
    expect(page.locator(".canvas-field[data-key=full_name]")).to_contain_text(
        "Name as on your passport"
    )
