"""A long contract in the designer (30 sections, 60 fields): a link that opens an item — a
publish problem, a field's "Used by" — shows that item on the canvas. The canvas stayed at
the top, thousands of pixels above the clause whose properties were open. The outline above
the palette opens any step or field of it, and on the Document tab any section or clause."""

import json
import re
import uuid

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import follow, sign_in
from tests.long_contract import block_index, long_contract

pytestmark = pytest.mark.browser

PASSWORD = "a long browser passphrase"


def test_a_link_to_a_clause_or_field_scrolls_the_canvas_to_it(
    browser: Browser, live_server: LiveServer, tmp_path
) -> None:
    email = f"long-{uuid.uuid4().hex[:6]}@example.com"
    live_server.create_user(email, f"Long org {uuid.uuid4().hex[:6]}", PASSWORD)
    page = sign_in(browser, live_server.base_url, email, PASSWORD, width=1280)
    definition = long_contract()
    upload = tmp_path / "long.json"
    upload.write_text(json.dumps(definition))
    page.locator("#json-file").set_input_files(str(upload))
    follow(page.get_by_role("button", name="Import .json"))
    expect(page.locator(".canvas-section")).to_have_count(6)

    page.locator("#select-field-guarantor_name").click()
    used_by = page.locator(".uses a")
    expect(used_by).to_have_text(
        "Clause 28.2 “[Guarantor name] guarantees the Client's obligations”"
    )
    used_by.click()
    clause = page.locator(f'.doc-block[data-index="{block_index(definition, "guarantees")}"]')
    expect(clause).to_have_class("doc-block doc-block--paragraph is-selected")
    expect(clause).to_be_in_viewport()

    page.goto(page.url.split("/document")[0] + "/edit?select=field:address_line_6_10")
    expect(page.locator(".canvas-field.is-selected")).to_be_in_viewport()

    # the outline in the palette pane: a step, then one of its fields, without a reload;
    # only the canvas scrolls (the editor bar and the outline stay where they are)
    outline = page.get_by_role("navigation", name="Steps")
    outline.get_by_role("link", name="Step 3 details").click()
    outline.get_by_role("link", name="Address line 7").click()
    field = page.locator('.canvas-field[data-key="address_line_3_7"]')
    expect(field).to_have_class(re.compile("is-selected"))
    expect(field).to_be_in_viewport()
    expect(page.locator("#prop-key")).to_have_value("address_line_3_7")
    assert page.evaluate("window.scrollY") == 0

    # the Document tab's outline: section 28, then its clause 28.2; the page is the window's
    # height exactly (it was 6 px taller: a second scrollbar beside the panes')
    page.goto(page.url.split("/edit")[0] + "/document")
    sections = page.get_by_role("navigation", name="Sections")
    sections.get_by_role("link", name="Section 28").click()
    sections.get_by_role("link", name=re.compile(r"^28\.2 ")).click()
    expect(clause).to_have_class(re.compile("is-selected"))
    expect(clause).to_be_in_viewport()
    assert page.evaluate("[scrollY, document.documentElement.scrollHeight - innerHeight]") == [0, 0]
    page.context.close()


def test_on_a_tablet_the_steps_are_one_line_that_opens_as_a_menu(
    browser: Browser, live_server: LiveServer, tmp_path
) -> None:
    """800 px wide: the outline was a row of step buttons that wrapped (thirty sections made
    six rows above the document). Now one line names the step being edited; it opens with
    the keyboard, and choosing a step closes it, scrolls to the step and names it."""
    email = f"narrow-{uuid.uuid4().hex[:6]}@example.com"
    live_server.create_user(email, f"Narrow org {uuid.uuid4().hex[:6]}", PASSWORD)
    page = sign_in(browser, live_server.base_url, email, PASSWORD, width=800)
    upload = tmp_path / "long.json"
    upload.write_text(json.dumps(long_contract()))
    page.locator("#json-file").set_input_files(str(upload))
    follow(page.get_by_role("button", name="Import .json"))
    expect(page.locator(".canvas-section")).to_have_count(6)

    outline = page.get_by_role("navigation", name="Steps")
    menu = outline.locator("summary")
    expect(menu).to_have_text("Go to a step (6)")
    box = outline.bounding_box()
    assert box and box["height"] < 120  # the heading and one line
    expect(outline.get_by_role("link", name=re.compile("Step 6 details"))).to_be_hidden()

    menu.focus()
    page.keyboard.press("Enter")
    step6 = outline.get_by_role("link", name=re.compile("Step 6 details"))
    expect(step6).to_be_visible()
    for _ in range(6):
        page.keyboard.press("Tab")
    expect(step6).to_be_focused()
    page.keyboard.press("Enter")
    expect(step6).to_be_hidden()  # the menu closed
    expect(menu).to_have_text("Step 6 of 6: Step 6 details")
    card = page.locator('.canvas-section[data-key="step_6"]')
    expect(card).to_have_class(re.compile("is-selected"))
    expect(card.locator(".canvas-section__head")).to_be_in_viewport()
    expect(page.locator("#prop-title")).to_have_value("Step 6 details")
    page.context.close()


def test_a_change_keeps_the_canvas_where_it_was_and_shows_the_new_field(
    browser: Browser, live_server: LiveServer, tmp_path
) -> None:
    """Moving, adding or deleting redraws the canvas: it jumped back to the top of the form,
    so a field moved in step 5, or added from the palette to step 6, was out of sight."""
    email = f"scroll-{uuid.uuid4().hex[:6]}@example.com"
    live_server.create_user(email, f"Scroll org {uuid.uuid4().hex[:6]}", PASSWORD)
    page = sign_in(browser, live_server.base_url, email, PASSWORD, width=1280)
    upload = tmp_path / "long.json"
    upload.write_text(json.dumps(long_contract()))
    page.locator("#json-file").set_input_files(str(upload))
    follow(page.get_by_role("button", name="Import .json"))
    expect(page.locator(".canvas-section")).to_have_count(6)

    page.goto(page.url.split("?")[0] + "?select=field:address_line_5_7")
    field = page.locator('.canvas-field[data-key="address_line_5_7"]')
    expect(field).to_be_in_viewport()
    keys = "[...document.querySelectorAll('.canvas-field')].map(f => f.dataset.key)"
    before = page.evaluate(keys).index("address_line_5_7")
    field.get_by_role("button", name=re.compile("up$")).click()
    expect(page.locator(".canvas-field").nth(before - 1)).to_have_attribute(
        "data-key", "address_line_5_7"
    )
    expect(field).to_be_in_viewport()
    assert page.evaluate("document.querySelector('#canvas').scrollTop") > 2000

    page.locator("#select-section-step_6").click()
    expect(page.locator("#prop-title")).to_have_value("Step 6 details")
    page.evaluate("document.querySelector('#canvas').scrollTop = 0")
    page.locator(".palette__button", has_text="Long text").click()
    added = page.locator('.canvas-field[data-key="long_text"]')
    expect(added).to_have_class(re.compile("is-selected"))
    expect(added).to_be_in_viewport()
    page.context.close()
