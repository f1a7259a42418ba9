"""An author who writes no code, in chromium: what they type goes where they expect and is
never lost. A new step, field or paragraph puts the focus in its first box with the
made-up text ("New step", "Short text", "Write the clause here.") selected, so typing
replaces it; a paragraph's text box gets the focus, not the hidden copy the form posts;
reloading with a change not yet sent, or following a link after one was refused, asks
before leaving."""

import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_editing import saved, settled
from tests.browser.designer_pages import follow, sign_in
from tests.browser.keyboard import press

pytestmark = pytest.mark.browser

PASSWORD = "a long browser passphrase"


@pytest.fixture
def editor(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A fresh author's new, empty template, open in the editor."""
    email = f"typing-{uuid.uuid4().hex[:6]}@example.com"
    live_server.create_user(email, f"Typing org {uuid.uuid4().hex[:6]}", PASSWORD)
    page = sign_in(browser, live_server.base_url, email, PASSWORD)
    page.get_by_placeholder("For example: Service agreement").fill("Loan agreement")
    follow(page.get_by_role("button", name="Create template"))
    expect(page.get_by_role("button", name="Add your first step")).to_be_visible()
    yield page
    page.context.close()


def typed_after_adding(page: Page, button: str, text: str) -> None:
    """Press a button that adds something, wait for its properties, and type at once."""
    press(page, button)
    saved(page)
    settled(page)
    page.keyboard.type(text)
    page.keyboard.press("Tab")
    saved(page)


def test_typing_after_adding_replaces_the_made_up_text(editor: Page) -> None:
    page = editor
    typed_after_adding(page, ".canvas-start button", "Your loan")
    expect(page.locator("#prop-title")).to_have_value("Your loan")
    typed_after_adding(page, '.palette__item[data-component="text"] .palette__button', "Name")
    expect(page.locator("#prop-label")).to_have_value("Name")
    expect(page.locator("#prop-key")).to_have_value("name")
    typed_after_adding(page, ".canvas-add-step", "Guarantee")
    expect(page.locator(".canvas-section__title")).to_have_text(["Your loan", "Guarantee"])

    follow(page.get_by_role("link", name="Document", exact=True))
    typed_after_adding(page, ".doc-empty button", "Loan agreement")
    expect(page.locator("#prop-text")).to_have_value("Loan agreement")
    paragraph = '.palette__button[hx-vals*="paragraph"]'
    press(page, paragraph)
    saved(page)
    settled(page)
    expect(page.locator("#rte-area")).to_be_focused()
    page.keyboard.type("The borrower repays the loan.")
    saved(page)
    expect(page.locator(".doc-paragraph").last).to_have_text("The borrower repays the loan.")


def test_reloading_with_a_change_not_yet_sent_asks_first(editor: Page) -> None:
    page = editor
    typed_after_adding(page, ".canvas-start button", "Your details")
    asked: list[str] = []

    def stay(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.locator("#prop-description").click()
    page.keyboard.type("Not saved yet")
    page.evaluate("() => { setTimeout(() => location.reload(), 0); }")
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"]
    saved(page)  # staying on the page, the change is saved after all
    page.reload()
    page.locator(".canvas-section__select").first.click()
    expect(page.locator("#prop-description")).to_have_value("Not saved yet")


def test_following_a_link_after_a_refused_change_asks_first(editor: Page) -> None:
    """A supplier form's author gave a field a key another field had, typed its help text
    (refused too: the pane is sent whole) and clicked Templates: both were gone, without a
    word. The browser now asks; staying and fixing the key saves the help text as well."""
    page = editor
    typed_after_adding(page, ".canvas-start button", "Company details")
    typed_after_adding(page, '.palette__item[data-component="text"] .palette__button', "Name")
    typed_after_adding(page, '.palette__item[data-component="email"] .palette__button', "Email")
    page.locator("#prop-key").fill("name")
    page.locator("#prop-key").press("Tab")
    expect(page.locator("#save-problem")).to_contain_text("Another field already uses the key")
    page.locator("#prop-help").fill("Where we send the purchase orders")
    page.locator("#prop-help").press("Tab")
    expect(page.locator("#prop-key-save-error")).to_be_visible()
    asked: list[str] = []

    def stay(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.get_by_role("link", name="Templates", exact=True).first.click()
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"]
    assert page.url.endswith("/edit")  # still in the editor, the typing still there
    page.locator("#prop-key").fill("contact_email")
    page.locator("#prop-key").press("Tab")
    saved(page)
    page.reload()
    page.locator("#select-field-contact_email").click()
    expect(page.locator("#prop-help")).to_have_value("Where we send the purchase orders")


def test_a_problem_link_puts_the_cursor_in_the_box_to_fix(editor: Page) -> None:
    """The publish page's link to a money field without a currency opens the field with
    the cursor in Currency, scrolled into view, far below the question."""
    page = editor
    typed_after_adding(page, ".canvas-start button", "Your loan")
    typed_after_adding(page, '.palette__item[data-component="money"] .palette__button', "Loan")
    page.locator("#prop-v-currency").fill("")
    page.locator("#prop-v-currency").press("Tab")
    saved(page)
    page.get_by_role("link", name="1 problem to fix").click()
    page.get_by_role("link", name="Step 1 “Your loan”, field “Loan”, Currency").click()
    currency = page.locator("#prop-v-currency")
    expect(currency).to_be_focused()
    expect(currency).to_be_in_viewport()
