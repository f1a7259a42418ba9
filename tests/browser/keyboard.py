"""Driving a page with the keyboard alone, as a person who does not use a mouse: Tab to a
control (failing if it never gets focus, an accessibility bug), then press or type."""

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page


def focused(page: Page, css: str) -> bool:
    try:
        return bool(page.evaluate("s => !!document.activeElement?.matches(s)", css))
    except PlaywrightError:  # a page Enter opened is still loading
        page.wait_for_load_state()
        return False


def tab_to(page: Page, css: str, back: bool = False, limit: int = 120) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches `css`, as a person
    tabs to a control; fails if it never gets focus (an accessibility bug)."""
    for _ in range(limit):
        if focused(page, css):
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"{css} never got the keyboard focus")


def press(page: Page, css: str, key: str = "Enter") -> None:
    tab_to(page, css)
    page.keyboard.press(key)


def type_into(page: Page, css: str, text: str) -> None:
    """Tab to an input, replace its text, and Tab away (which saves in the editor)."""
    tab_to(page, css)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.keyboard.press("Tab")
