"""Insight on a 375 px phone. 'Where signers stop' scrolled sideways inside its card with
nothing to say so (the step names are long), and the outcome bars' words shrank to about
6 px: on a phone each bar chart is a list, every label on its own line above its bar."""

import uuid

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import old_details_page, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.timeout(120)
def test_where_signers_stop_reads_without_scrolling_at_375_px(
    browser: Browser, live_server: LiveServer
) -> None:
    email, password = live_server.demo_author(f"Insight phone {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password, width=375)
    page.goto(f"{live_server.base_url}/designer/insight")
    page.get_by_text("Filters: template, sender, team, dates").click()  # folded on a phone
    page.get_by_label("Template").select_option(index=1)
    page.get_by_role("button", name="Show").click()
    funnels = page.locator(".insight-funnels")
    expect(funnels.locator(".insight-funnel__title").first).to_be_visible()
    assert funnels.evaluate("e => e.scrollWidth <= e.clientWidth"), "the card scrolls sideways"
    viewport = page.viewport_size
    assert viewport
    steps = funnels.get_by_role("list").first.get_by_role("listitem")
    expect(steps.first).to_contain_text("Invited")
    expect(steps.nth(2)).to_contain_text("Finished step 1 — ")  # the step's name, whole
    for i in range(steps.count()):
        label = steps.nth(i).locator(".bar-list__label")
        box = label.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
        size = label.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 14, size
    outcomes = page.get_by_role("list", name="Outcomes of the envelopes sent")
    expect(outcomes.get_by_role("listitem").first).to_contain_text("Sent")
    # the five figures two a row, all on the first screen (one a row, they filled it)
    cards = page.locator(".insight-card")
    first, second, last = (cards.nth(i).bounding_box() for i in (0, 1, 4))
    assert first and second and last and second["y"] == first["y"], (first, second)
    assert last["y"] + last["height"] <= viewport["height"], last
    screenshot(page, "insight-375", area="insight")
    page.context.close()


@pytest.mark.timeout(120)
def test_a_desk_still_draws_the_charts(browser: Browser, live_server: LiveServer) -> None:
    email, password = live_server.demo_author(f"Insight desk {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password, width=1280)
    page.goto(f"{live_server.base_url}/designer/insight")
    expect(page.get_by_role("img", name="Outcomes of the envelopes sent")).to_be_visible()
    expect(page.get_by_role("list", name="Outcomes of the envelopes sent")).to_be_hidden()
    page.context.close()


@pytest.mark.timeout(120)
def test_filter_lists_are_as_wide_as_the_card_at_375_px(
    browser: Browser, live_server: LiveServer
) -> None:
    """Each list was at most 12rem wide, so a long choice was cut ('Unknown (before thi')."""
    email, password = live_server.demo_author(f"Filters phone {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password, width=375)
    boxes = (("envelopes", "#filter-sender"), ("archive", "#a-template"), ("archive", "#a-q"))
    for path, box in boxes:
        page.goto(f"{live_server.base_url}/designer/{path}")
        form = page.locator("form.insight-filters").bounding_box()
        chosen = page.locator(box).bounding_box()
        assert form and chosen and chosen["width"] >= form["width"] - 48, (path, chosen, form)
    screenshot(page, "archive-filters-375", area="archive")
    page.context.close()


#: the size each text of a visible chart is drawn at, in CSS pixels: its font size scaled as
#: its SVG is (viewBox units to the width it was given)
DRAWN_SIZES = """svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll("text")].map(
    t => [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale]);
}"""


@pytest.mark.timeout(120)
def test_the_weekly_trend_reads_at_375_px(browser: Browser, live_server: LiveServer) -> None:
    """Its 480-unit chart shrank to the card, and its week labels, counts and legend with
    it, to about 8 px."""
    email, password = live_server.demo_author(f"Trend phone {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password, width=375)
    page.goto(f"{live_server.base_url}/designer/insight")
    trend = page.get_by_role("img", name="Envelopes sent and completed per week")
    expect(trend).to_have_count(1)  # the phone's; the desk's is not shown
    sizes = trend.evaluate(DRAWN_SIZES)
    assert any(text == "Completed" for text, _ in sizes)
    small = [(text, round(size, 1)) for text, size in sizes if size < 12]
    assert not small, small
    box, viewport = trend.bounding_box(), page.viewport_size
    assert box and viewport and box["x"] + box["width"] <= viewport["width"], box
    screenshot(page, "trend-375", area="insight")
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(trend).to_have_count(1)
    assert all(size >= 12 for _, size in trend.evaluate(DRAWN_SIZES))
    page.context.close()


@pytest.mark.timeout(120)
def test_the_filters_fold_on_a_phone_and_stand_in_a_row_on_a_desk(
    browser: Browser, live_server: LiveServer
) -> None:
    """At 375 px the five filters and Show stood one under another, a whole screen before
    the first figure. They fold into "Filters (n active)", as the archive's do (a <details>:
    it opens without JavaScript too); on a desk they stand in one row, open whatever the
    browser knows of ::details-content."""
    email, password = live_server.demo_author(f"Insight fold {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password, width=375)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.base_url}/designer/insight")
    fold = page.get_by_text("Filters: template, sender, team, dates")
    expect(fold).to_be_visible()
    template = page.get_by_label("Template")
    expect(template).to_be_hidden()
    sent = page.locator(".insight-card").first
    box = sent.bounding_box()
    assert box and box["y"] + box["height"] <= 740, box  # the first figure, unscrolled
    screenshot(page, "insight-filters-375", area="insight")
    fold.click()
    template.select_option(index=1)
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Filters (1 active)")).to_be_visible()
    expect(page.get_by_label("Template")).to_be_hidden()  # folded again, the choice counted
    page.get_by_text("Filters (1 active)").click()
    expect(page.get_by_label("Template")).not_to_have_value("")
    screenshot(page, "insight-filters-open-375", area="insight")

    page.context.close()

    page = old_details_page(browser, live_server.base_url, email, password)
    page.goto(f"{live_server.base_url}/designer/insight")
    for label in ("Template", "Sender", "Team (sender's email domain)", "Sent from", "to"):
        expect(page.get_by_label(label, exact=True)).to_be_visible()
    expect(page.get_by_text("Filters: template")).to_be_hidden()
    first, last = page.get_by_label("Template"), page.get_by_role("button", name="Show")
    top, end = first.bounding_box(), last.bounding_box()
    assert top and end and end["y"] < top["y"] + top["height"], (top, end)  # one row
    screenshot(page, "insight-filters-1280", area="insight")
    page.context.close()


@pytest.mark.timeout(120)
def test_the_insight_fold_opens_without_javascript(
    browser: Browser, live_server: LiveServer
) -> None:
    email, password = live_server.demo_author(f"Insight no JS {uuid.uuid4().hex[:6]}")
    context = browser.new_context(viewport={"width": 375, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.base_url}/designer/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.base_url}/designer/insight")
    page.get_by_text("Filters: template, sender, team, dates").click()
    page.get_by_label("Template").select_option(index=1)
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Filters (1 active)")).to_be_visible()
    expect(page.locator(".insight-scope")).to_contain_text("template")
    context.close()
