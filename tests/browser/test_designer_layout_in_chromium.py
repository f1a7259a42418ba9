"""The designer's usability floor (#4 point 11), checked in chromium on the demo template:
every visible control has a label or an accessible name, no tab scrolls sideways at
1280x800 or at 768 px, the editor's three panes sit side by side at 1280, at 768 the palette
is a strip above the form and the properties of the selected field stay on screen beside it,
the first Tab shows "Skip to main content", and the keyboard reaches the palette, then the
form, then the properties."""

import re
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import saved, screenshot, sign_in
from tests.browser.signer_helpers import shot

pytestmark = pytest.mark.browser

UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea, button')]
  .filter(e => e.type !== 'hidden' && e.offsetParent !== null)
  .filter(e => !((e.labels && e.labels.length) || e.getAttribute('aria-label')
                 || e.getAttribute('aria-labelledby') || e.title
                 || (e.tagName === 'BUTTON' && e.textContent.trim())))
  .map(e => e.outerHTML.slice(0, 160))"""
PANE_OF_FOCUS = """() => { const e = document.activeElement;
  const pane = e && e.closest('#palette, .palette, #canvas, #properties');
  return pane ? (pane.id || 'palette') : ''; }"""
TABS = ("edit", "document", "roles", "publish", "versions", "preview")


def skip_to_main_content(page: Page) -> None:
    """Keyboard users pass the header's many links: the first Tab shows the skip link on
    screen, above the header, and Enter moves focus to the page's main content."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 0, box
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.classList.contains('skip-link')",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit, "the focused skip link is hidden under something"
    shot(page, "designer-skip-link")
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def properties_beside_the_form(page: Page, height: int) -> None:
    """At tablet width the palette is a strip above the form, and selecting a field, even
    the last one far down the form, shows its question in the properties beside it,
    on screen, without scrolling away from the field."""
    palette = page.locator("#palette-title").bounding_box()
    canvas = page.locator("#canvas").bounding_box()
    props = page.locator("#properties").bounding_box()
    assert palette and canvas and props
    assert palette["y"] < canvas["y"] and palette["y"] < props["y"], (palette, canvas, props)
    assert props["x"] >= canvas["x"] + canvas["width"] - 1, (canvas, props)
    for field in (page.locator(".canvas-field").first, page.locator(".canvas-field").last):
        label = field.locator(".preview__label").inner_text().replace("(optional)", "").strip()
        field.locator(".canvas-field__select").click()
        question = page.locator("#properties").get_by_label("Question")
        expect(question).to_have_value(re.compile(re.escape(label)))
        field_box, box = field.bounding_box(), question.bounding_box()
        assert field_box and box
        assert 0 <= field_box["y"] < height and 0 <= box["y"] < height, (label, field_box, box)
        assert box["x"] >= field_box["x"] + field_box["width"], (label, field_box, box)
    shot(page, "designer-768-last-field-selected")


def demo_in_a_new_organisation(live_server: LiveServer, prefix: str) -> tuple[str, str]:
    """What `formseal org create` then `formseal demo` leave in an organisation of this test's
    own, made in this process (each command starts Python; test_designer_cli.py runs them):
    the demo template and the demo author's email and password."""
    return live_server.demo_author(f"{prefix} {uuid.uuid4().hex[:6]}")


@pytest.mark.timeout(180)
def test_designer_tabs_are_labelled_and_fit_1280_and_768(
    browser: Browser, live_server: LiveServer
) -> None:
    email, password = demo_in_a_new_organisation(live_server, "Layout")
    for width, height in ((1280, 800), (768, 1024)):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.goto(f"{live_server.base_url}/designer/login")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.locator("a[href$='/edit']").first).to_be_visible()
        if width == 1280:  # the first Tab offers a visible "skip to content" link
            skip_to_main_content(page)
        page.locator("a[href$='/edit']").first.click()
        expect(page.locator(".canvas-section").first).to_be_visible()
        base = page.url.rsplit("/", 1)[0]
        for tab in TABS:
            page.goto(f"{base}/{tab}")
            page.wait_for_load_state("networkidle")
            assert page.evaluate(UNLABELLED) == [], (width, tab)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (width, tab)
            if tab == "preview":  # the language's Show is a 44px tap target, like the menu
                show = page.get_by_role("button", name="Show", exact=True).bounding_box()
                assert show and show["height"] >= 44, width

        page.goto(f"{base}/edit")
        palette = page.locator(".palette__button").first.bounding_box()
        canvas = page.locator("#canvas").bounding_box()
        props = page.locator("#properties").bounding_box()
        assert palette and canvas and props
        if width == 1280:  # three panes side by side, all starting near the top
            assert palette["x"] < canvas["x"] < props["x"]
            assert max(canvas["y"], props["y"]) < 300
        else:
            properties_beside_the_form(page, height)
        # Keyboard: palette first, then the form, then the properties.
        page.locator(".editor-tabs a").last.focus()
        seen: list[str] = []
        for _ in range(200):
            page.keyboard.press("Tab")
            pane = page.evaluate(PANE_OF_FOCUS)
            if pane and (not seen or seen[-1] != pane):
                seen.append(pane)
            if "properties" in seen:
                break
        assert seen[:3] == ["palette", "canvas", "properties"], seen
        context.close()


OFF_SCREEN = """(width) => [...document.querySelectorAll(
    '.editor-bar a, .editor-bar button, .editor-bar [role=status]')]
  .filter(e => e.offsetParent !== null)
  .map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect()])
  .filter(([, r]) => r.left < 0 || r.right > width)
  .map(([name, r]) => `${name}: ${Math.round(r.left)}..${Math.round(r.right)}`)"""


@pytest.mark.timeout(120)
def test_the_editor_bar_fits_a_375px_phone(browser: Browser, live_server: LiveServer) -> None:
    """On a phone every tab and every editor button stays on screen: the tabs and the
    buttons wrap onto a second row rather than running off either edge (Undo used to sit
    half off the left edge, with the save status hidden under it)."""
    email, password = demo_in_a_new_organisation(live_server, "Phone")
    page = sign_in(browser, live_server.base_url, email, password, width=375)
    page.locator("a[href$='/edit']").first.click()
    expect(page.locator(".canvas-section").first).to_be_visible()
    base = page.url.rsplit("/", 1)[0]
    for tab in ("edit", "document", "roles"):
        page.goto(f"{base}/{tab}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate(OFF_SCREEN, 375) == [], tab
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, tab
    expect(page.get_by_role("link", name="Versions")).to_be_in_viewport()
    screenshot(page, "editor-bar-375", area="designer", full_page=False)
    # a tick box's key made from a long question breaks inside its card: unbroken, the
    # key i_agree_to_return_the_equipment_in_good pushed the page 7px sideways
    page.goto(f"{base}/edit")
    page.locator(".canvas-section__select").first.click()
    expect(page.locator("#prop-title")).to_be_visible()
    page.locator(".palette__summary").click()  # on a phone the kinds of field fold away
    page.locator('.palette__item[data-component="checkbox"] .palette__button').click()
    question = page.locator("#prop-label")
    expect(question).to_have_value("Single tick box")
    question.fill("I agree to return the equipment in good condition")
    question.press("Tab")
    saved(page)
    key = page.locator(".canvas-field__key", has_text="i_agree_to_return_the_equipment")
    expect(key).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.context.close()


@pytest.mark.timeout(120)
def test_designer_screens_do_not_scroll_sideways_on_a_375px_phone(
    browser: Browser, live_server: LiveServer
) -> None:
    """Wide tables scroll inside themselves and the insight charts take the screen's width:
    the page itself never moves sideways (the library, archive and users pages scrolled into
    empty space, by their tables' visually hidden labels; insight by its 30rem columns)."""
    email, password = demo_in_a_new_organisation(live_server, "Wide")
    page = sign_in(browser, live_server.base_url, email, password, width=375)
    for path in ("/designer/", "/designer/archive", "/designer/insight", "/designer/users"):
        page.goto(live_server.base_url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    # Users stacks into one card per user: the role menu and "Change role" are on screen in
    # full (the Role column was cut off at the screen's edge)
    for control in (page.get_by_label("Role of " + email), page.get_by_text("Change role")):
        box = control.first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375 and box["height"] >= 44
    screenshot(page, "users-375", area="designer")
    page.context.close()


@pytest.mark.timeout(120)
def test_add_a_field_folds_on_a_375px_phone(browser: Browser, live_server: LiveServer) -> None:
    """On a phone "Add a field" was nine rows of buttons above the form: it is now a
    disclosure, closed at first, opened by keyboard, its kinds in two columns; it stays
    open while the author adds fields. At 1280 the kinds are always shown."""
    email, password = demo_in_a_new_organisation(live_server, "Fold")
    page = sign_in(browser, live_server.base_url, email, password, width=375)
    page.locator("a[href$='/edit']").first.click()
    expect(page.locator(".canvas-section").first).to_be_visible()
    short_text = page.locator(".palette").get_by_role("button", name="Short text")
    expect(short_text).to_be_hidden()
    first = page.locator(".canvas-section").first.bounding_box()
    assert first and first["y"] < 500, first  # was 718: below the fold of an 800 px phone
    summary = page.locator(".palette__summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(short_text).to_be_visible()
    a, b = (
        short_text.bounding_box(),
        page.locator(".palette").get_by_role("button", name="Long text").bounding_box(),
    )
    assert a and b and abs(a["y"] - b["y"]) < 2 and b["height"] >= 44  # two columns
    screenshot(page, "palette-375-open", area="designer", full_page=False)
    short_text.click()
    expect(page.locator(".canvas-field.is-selected")).to_have_count(1)
    expect(page.locator(".palette").get_by_role("button", name="Short text")).to_be_visible()

    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.locator(".palette").get_by_role("button", name="Short text")).to_be_visible()
    page.locator(".palette__summary").click()  # only the pane's title there: nothing folds
    expect(page.locator(".palette").get_by_role("button", name="Short text")).to_be_visible()
    page.context.close()
