"""In chromium, with and without JavaScript: "Add another" comes back as a page that can be
reloaded (Post/Redirect/Get) with focus on the new row, and a missing signature's error
names what the page shows (no drawing box without JavaScript)."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import BOARD, agree, new_envelope, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def context(browser: Browser, scripted: bool) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1100, "height": 900}, java_script_enabled=scripted)
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.mark.timeout(90)
@pytest.mark.parametrize("scripted", [True, False], ids=["javascript", "no-javascript"])
def test_add_another_reloads_without_resending_and_errors_fit_the_page(
    context: BrowserContext, live_server: LiveServer, scripted: bool
) -> None:
    page = context.new_page()
    page.goto(new_envelope(live_server, BOARD))
    agree(page)
    page.locator("#input-directors__0__name").fill("Dana Director")
    page.get_by_role("button", name="Add another director").click()
    expect(page).to_have_url(re.compile(r"/step/1#row-directors-2$"))
    heading = page.get_by_role("heading", name="Director 2")
    expect(heading).to_be_focused()
    expect(page.locator("#input-directors__0__name")).to_have_value("Dana Director")
    reloaded = page.reload()
    assert reloaded is not None and reloaded.request.method == "GET"  # no "resend the form?"
    expect(page.get_by_role("heading", name="Director 2")).to_be_visible()
    shot(page, f"rows-added-{'js' if scripted else 'nojs'}")

    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".error-summary")
    if scripted:
        expect(summary).to_contain_text(  # the three ways the page offers
            "Draw your signature in the box, type your full name, or upload a picture of it"
        )
    else:
        expect(summary).to_contain_text(
            "Type your full name to sign, or upload a picture of your signature"
        )
        expect(page.locator("canvas")).to_be_hidden()
    shot(page, f"signature-missing-{'js' if scripted else 'nojs'}")


@pytest.mark.timeout(90)
@pytest.mark.parametrize("scripted", [True, False], ids=["javascript", "no-javascript"])
def test_the_only_row_of_an_optional_group_can_be_removed(
    context: BrowserContext, live_server: LiveServer, scripted: bool
) -> None:
    """Once something is typed in an optional group's one row, Remove takes it back."""
    page = context.new_page()
    page.goto(new_envelope(live_server, BOARD))
    agree(page)
    page.locator("#input-directors__0__name").fill("Dana Director")
    if scripted:  # the autosave keeps it: a reload would show it again
        expect(page.locator("#autosave-status")).to_have_text("Saved")
    page.get_by_role("button", name="Remove director 1").click()
    expect(page).to_have_url(re.compile(r"/step/1\?removed=[\w-]+#field-directors$"))
    expect(page.get_by_role("heading", name="Director 1")).to_be_visible()
    expect(page.locator("#input-directors__0__name")).to_have_value("")
    page.reload()
    expect(page.locator("#input-directors__0__name")).to_have_value("")
    shot(page, f"rows-only-removed-{'js' if scripted else 'nojs'}")


CREW = {
    "name": "Crew list",
    "roles": [{"key": "customer", "name": "Customer", "stage": 1}],
    "sections": [
        {
            "key": "crew",
            "title": "The crew",
            "role": "customer",
            "fields": [
                {
                    "key": "crew",
                    "component": "group",
                    "label": "Crew",
                    "validation": {"row_label": "Member", "min_rows": 2},
                    "fields": [
                        {"key": "name", "component": "text", "label": "Name"},
                        {"key": "captain", "component": "checkbox", "label": "Captain"},
                    ],
                },
                {"key": "insured", "component": "checkbox", "label": "The boat is insured"},
                {
                    "key": "signature",
                    "component": "signature",
                    "label": "Your signature",
                    "required": True,
                },
            ],
        }
    ],
    "document": [{"kind": "heading", "text": "Crew"}, {"kind": "fields"}],
}
MARKED_RED = """() => [...document.querySelectorAll('main input:not([type=hidden]), main canvas')]
  .filter(e => { const s = getComputedStyle(e);
                 return s.outlineColor === 'rgb(179, 38, 30)' && s.outlineStyle !== 'none'
                     || s.borderTopColor === 'rgb(179, 38, 30)'; })
  .map(e => e.id || e.name || e.tagName)"""


@pytest.mark.timeout(90)
@pytest.mark.parametrize("scripted", [True], ids=["javascript"])
def test_only_the_questions_in_error_are_marked_red(
    context: BrowserContext, live_server: LiveServer, scripted: bool
) -> None:
    """A group refused as a whole ('Add at least 2 members') gets the red bar and its
    message; the answers in its rows and the other questions keep their own look (every
    row's box and checkbox was drawn red). The signature, in error itself, is red."""
    page = context.new_page()
    page.goto(new_envelope(live_server, CREW))
    agree(page)
    page.locator("#input-crew__0__name").fill("Dana Deck")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".error-summary")).to_contain_text("Add at least 2")
    expect(page.locator("#field-crew")).to_have_class(re.compile("form-group--error"))
    red = page.evaluate(MARKED_RED)
    shot(page, "group-error-marks-only-its-question")
    assert not [name for name in red if name.startswith("input-crew") or "insured" in name], red
    assert "CANVAS" in red and "input-signature__typed" in red, red
