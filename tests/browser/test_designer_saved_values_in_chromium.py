"""The Validation boxes of a field, in chromium. What the author typed is shown as it was
saved once they leave the box: "pdf, DOCX, *.png" in Accepted file types reads ".pdf, .docx,
.png" at once, not only after selecting the field again; the box being typed in is never
rewritten. A repeating group's settings are evenly spaced: a hint sits with its box."""

import re
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_editing import saved, settled
from tests.browser.designer_pages import follow, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def form_tab(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    email, password = live_server.demo_author(f"Saved values {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password)
    follow(page.get_by_role("link", name="Service agreement").first)
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    yield page
    page.context.close()


@pytest.mark.timeout(180)
def test_file_types_read_as_saved_once_the_box_is_left(form_tab: Page) -> None:
    page = form_tab
    page.locator('.palette__item[data-component="attachment"] .palette__button').click()
    # the new field's panel, once its own request has ended (under load an earlier panel
    # could be replaced, with the saved value, after typing had begun)
    saved(page)
    settled(page)
    expect(page.locator("#prop-v-accept")).to_be_visible()
    accept = page.locator("#prop-v-accept")
    accept.fill("pdf, DOCX,  *.png")
    page.wait_for_timeout(1200)  # saved on the pause while typing: the box is left alone
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    expect(accept).to_have_value("pdf, DOCX,  *.png")
    accept.press("Tab")
    expect(accept).to_have_value(".pdf, .docx, .png")
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    screenshot(page, "file-types-saved", area="designer", full_page=False)


GAPS = """() => {
  const top = id => document.getElementById(id).getBoundingClientRect().top;
  const bottom = id => document.getElementById(id).getBoundingClientRect().bottom;
  const label = id => document.querySelector(`label[for="${id}"]`);
  return {
    hint_to_box: top('prop-v-row_label') - bottom('prop-v-row_label-hint'),
    label_to_box: top('prop-v-min_rows') - label('prop-v-min_rows').getBoundingClientRect().bottom,
    between_rows: label('prop-v-row_label').getBoundingClientRect().top - bottom('prop-v-max_rows'),
  };
}"""


@pytest.mark.timeout(180)
@pytest.mark.parametrize("width", [1280, 375])
def test_a_repeating_groups_validation_is_evenly_spaced(form_tab: Page, width: int) -> None:
    page = form_tab
    page.set_viewport_size({"width": width, "height": 900})
    if not page.locator(".palette__kinds").evaluate("d => d.open"):
        page.locator(".palette__summary").click()  # on a phone "Add a field" opens first
    page.locator('.palette__item[data-component="group"] .palette__button').click()
    expect(page.locator("#prop-v-row_label")).to_be_visible()
    page.locator("#prop-v-row_label").scroll_into_view_if_needed()
    gaps = page.evaluate(GAPS)
    # "For example Director" belongs to its box: as close as a label is to its own
    assert gaps["hint_to_box"] <= gaps["label_to_box"] + 2, gaps
    # and a new setting starts clearly apart from the boxes above it
    assert gaps["between_rows"] >= 8, gaps
    screenshot(page, f"group-validation-{width}", area="designer", full_page=False)


SAVE_STATES = """() => {
  window.saveStates = [];
  new MutationObserver(() => window.saveStates.push(
    document.getElementById('save-status').dataset.state)).observe(
      document.getElementById('save-status'), {attributes: true, attributeFilter: ['data-state']});
}"""


@pytest.mark.timeout(180)
def test_a_field_inserted_into_an_emptied_formula_is_kept(form_tab: Page) -> None:
    """The formula helper's buttons keep the focus in the formula. A click on one left the
    box, which sent the emptied formula: it was refused (the bar said Not saved), and now
    and then that refusal redrew the panel over the key just inserted ("days" vanished)."""
    page = form_tab
    page.locator('.palette__item[data-component="number"] .palette__button').click()
    saved(page)
    settled(page)
    page.locator("#prop-label").fill("Days")
    page.locator("#prop-label").press("Tab")
    saved(page)
    page.locator('.palette__item[data-component="computed"] .palette__button').click()
    saved(page)
    settled(page)
    formula = page.locator("#prop-formula")
    formula.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.evaluate(SAVE_STATES)
    page.locator("#properties").get_by_role("button", name="days", exact=True).click()
    expect(formula).to_have_value("days")
    expect(formula).to_be_focused()
    saved(page)
    expect(formula).to_have_value("days")
    states = page.evaluate("window.saveStates")
    assert "failed" not in states, states  # the emptied formula was never sent


@pytest.mark.timeout(180)
def test_fewest_files_above_most_files_marks_both_boxes(form_tab: Page) -> None:
    """Either box can be the one to change: both are marked, the message (naming both)
    beside the one just changed and describing the other; only "Most files" was marked."""
    page = form_tab
    page.locator('.palette__item[data-component="attachment"] .palette__button').click()
    saved(page)
    settled(page)
    most, fewest = page.locator("#prop-v-max_files"), page.locator("#prop-v-min_files")
    most.fill("2")
    most.press("Tab")
    saved(page)
    fewest.fill("5")
    fewest.press("Tab")
    message = "Fewest files (5) is more than Most files (2): change one of them."
    expect(page.locator("#prop-v-min_files-save-error")).to_have_text(message)
    for box in (fewest, most):
        expect(box).to_have_attribute("aria-invalid", "true")
        expect(box).to_have_attribute("aria-describedby", re.compile("prop-v-min_files-save-error"))
    expect(page.locator("[data-save-error]")).to_have_count(1)  # said once
    # the message stands above its box, and the box stays in line with "Largest file (MB)"
    # beside it (as on the send form, 8731b460)
    note = page.locator("#prop-v-min_files-save-error").bounding_box()
    boxes = [page.locator(f"#prop-v-{k}").bounding_box() for k in ("max_size", "min_files")]
    assert note and boxes[0] and boxes[1]
    assert note["y"] + note["height"] <= boxes[1]["y"], (note, boxes)
    assert round(boxes[0]["y"]) == round(boxes[1]["y"]), boxes
    screenshot(page, "files-range-refused", area="designer", full_page=False)
    page.set_viewport_size({"width": 375, "height": 900})
    fewest.scroll_into_view_if_needed()
    screenshot(page, "files-range-refused-375", area="designer", full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})
    most.fill("6")  # fixed in the other box: both are clear
    most.press("Tab")
    saved(page)
    expect(page.locator("[data-save-error]")).to_have_count(0)
    for box in (fewest, most):
        expect(box).not_to_have_attribute("aria-invalid", "true")
