"""Traps a first-time author fell into while building an employment contract with the mouse
in chromium: a rule's value list that showed an answer it had not saved, a new paragraph
whose starting text stayed in front of the clause typed after clicking into it (and then
in the contract), and a repeating group whose columns could not be changed."""

import json
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_editing import saved, settled
from tests.browser.designer_pages import follow, sign_in
from tests.integration.designer.docx_sample import sample_docx

pytestmark = pytest.mark.browser

PASSWORD = "a long browser passphrase"

CONTRACT = {
    "name": "Employment contract",
    "roles": [{"key": "employee", "name": "Employee", "kind": "signer", "stage": 1}],
    "sections": [
        {
            "key": "details",
            "title": "Your details",
            "role": "employee",
            "fields": [
                {"key": "full_name", "component": "text", "label": "Full name"},
                {
                    "key": "contract_type",
                    "component": "radio",
                    "label": "Type of contract",
                    "options": [
                        {"value": "permanent", "label": "Permanent"},
                        {"value": "fixed_term", "label": "Fixed term"},
                    ],
                },
            ],
        },
        {
            "key": "term",
            "title": "Term",
            "role": "employee",
            "fields": [{"key": "end_date", "component": "date", "label": "End date"}],
        },
        {
            "key": "sign",
            "title": "Sign",
            "role": "employee",
            "fields": [
                {
                    "key": "signature",
                    "component": "signature",
                    "label": "Signature",
                    "required": True,
                }
            ],
        },
    ],
    "document": [{"kind": "heading", "text": "Employment contract", "level": 1}],
}


@pytest.fixture
def editor(browser: Browser, live_server: LiveServer, tmp_path) -> Iterator[Page]:
    """A fresh author's imported employment contract, open in the form editor at 1440 px."""
    email = f"pitfalls-{uuid.uuid4().hex[:6]}@example.com"
    live_server.create_user(email, f"Pitfalls org {uuid.uuid4().hex[:6]}", PASSWORD)
    page = sign_in(browser, live_server.base_url, email, PASSWORD, width=1440)
    upload = tmp_path / "contract.json"
    upload.write_text(json.dumps(CONTRACT))
    page.locator("#json-file").set_input_files(str(upload))
    follow(page.get_by_role("button", name="Import .json"))
    expect(page.locator(".canvas-section__title")).to_have_count(3)
    yield page
    page.context.close()


def test_a_rule_on_a_choice_asks_for_its_value_before_showing_one(editor: Page) -> None:
    page = editor
    page.locator(".canvas-section__select").nth(1).click()
    settled(page)
    page.locator("#rb-add").click()
    saved(page)
    page.locator("#rb-0-field").select_option("contract_type")
    saved(page)
    value = page.locator("#rb-0-value")
    # it showed "Permanent" while the rule was not saved, and choosing it changed nothing
    expect(value).to_have_value("")
    expect(value.locator("option:checked")).to_have_text("Choose a value…")
    expect(page.locator("#rb-sentence")).to_have_text("Always shown")
    value.select_option("permanent")
    saved(page)
    expect(page.locator("#rb-sentence")).to_have_text(
        "Show this step when “Type of contract” is Permanent"
    )
    expect(page.locator("#rb-0-value option")).to_have_text(["Permanent", "Fixed term"])


def test_clicking_into_a_new_paragraph_replaces_its_starting_text(editor: Page) -> None:
    page = editor
    follow(page.get_by_role("link", name="Document", exact=True))
    page.locator('.palette__button[hx-vals*="paragraph"]').click()
    saved(page)
    settled(page)
    page.locator("#rte-area").click()  # a mouse user clicks into the box before typing
    page.keyboard.type("The Employee works 38 hours a week.")
    page.keyboard.press("Tab")
    saved(page)
    expect(page.locator(".doc-paragraph").last).to_have_text("The Employee works 38 hours a week.")
    page.locator("#rte-area").click()  # once written, a click only places the caret
    page.keyboard.type(" Overtime is paid.")
    page.keyboard.press("Tab")
    saved(page)
    expect(page.locator(".doc-paragraph").last).to_have_text(
        "The Employee works 38 hours a week. Overtime is paid."
    )

    page.locator('.palette__button[hx-vals*="heading"]').click()
    saved(page)
    settled(page)
    page.locator("#prop-text").click()
    page.keyboard.type("Working time")
    page.keyboard.press("Tab")
    saved(page)
    expect(page.locator("#prop-text")).to_have_value("Working time")


def test_the_publish_check_refuses_starting_text_left_in_the_document(editor: Page) -> None:
    page = editor
    follow(page.get_by_role("link", name="Document", exact=True))
    page.locator('.palette__button[hx-vals*="paragraph"]').click()
    saved(page)
    follow(page.get_by_role("link", name="Publish…"))
    problem = page.get_by_text(
        "The starting text “Write the clause here.” is still there", exact=False
    )
    expect(problem).to_be_visible()
    publish = page.get_by_role("button", name="Publish version 1")
    expect(publish).to_be_disabled()
    # and it looks it: faded, no pointer, unlike a button that works
    style = publish.evaluate(
        "b => { const s = getComputedStyle(b); return [s.opacity, s.cursor]; }"
    )
    assert style == ["0.5", "not-allowed"], style
    page.get_by_role("link", name="Clause 1 “Write the clause here”").click()
    expect(page.locator("#rte-area")).to_be_focused()


def test_the_columns_of_a_repeating_group_are_written_in_its_properties(editor: Page) -> None:
    page = editor
    page.locator(".canvas-section__select").first.click()
    settled(page)
    page.locator('.palette__item[data-component="group"] .palette__button').click()
    saved(page)
    settled(page)
    page.locator("#prop-label").fill("Previous employers")
    page.locator("#prop-label").press("Tab")
    saved(page)
    # it had one column, "Name", and nothing in the designer could change it
    expect(page.locator("#prop-columns")).to_have_value("Name")
    page.locator("#prop-columns").fill("Employer *\nFrom * | date\nTo | date")
    page.locator("#prop-columns").press("Tab")
    saved(page)
    group = page.locator(".canvas-field", has_text="Previous employers")
    expect(group.locator(".preview__group span")).to_have_text(["Employer", "From", "To"])

    page.locator("#prop-columns").fill("Employer *\nFrom * | weekday")
    page.locator("#prop-columns").press("Tab")
    expect(page.locator("#save-problem")).to_contain_text("“weekday” (column “From”)")

    follow(page.get_by_role("link", name="Preview", exact=True))
    expect(page.locator('input[name="previous_employers__0__employer"]')).to_be_visible()
    expect(page.locator('input[name="previous_employers__0__from"]')).to_have_attribute(
        "type", "date"
    )
    expect(page.locator('input[name="previous_employers__0__to"]')).to_have_attribute(
        "type", "date"
    )


def test_a_refused_change_is_told_beside_its_box_until_it_is_fixed(editor: Page) -> None:
    page = editor
    page.locator("#select-field-full_name").click()
    key = page.locator("#prop-key")
    # the field's properties have arrived (settled alone passes before the swap has begun,
    # and a key typed into the pane about to be replaced is never sent)
    expect(key).to_have_value("full_name")
    settled(page)
    key.fill("contract_type")
    key.press("Tab")
    message = "Another field already uses the key contract_type."
    expect(page.locator("#save-problem")).to_contain_text(message)
    # the top bar was the only place that said so, far from the box
    expect(page.locator("#prop-key-save-error")).to_have_text(message)
    expect(key).to_have_attribute("aria-invalid", "true")
    expect(key).to_have_attribute("aria-describedby", "prop-key-hint prop-key-save-error")
    # another box changed meanwhile: the form is refused again, for the same key
    page.locator("#prop-help").fill("As on your passport")
    page.locator("#prop-help").press("Tab")
    expect(page.locator("#prop-key-save-error")).to_have_text(message)
    expect(page.locator("#prop-help")).not_to_have_attribute("aria-invalid", "true")
    key.fill("employee_name")
    key.press("Tab")
    saved(page)
    expect(page.locator("[data-save-error]")).to_have_count(0)
    expect(key).not_to_have_attribute("aria-invalid", "true")
    expect(key).to_have_attribute("aria-describedby", "prop-key-hint")


def test_a_change_refused_for_another_window_offers_to_reload(editor: Page) -> None:
    first = editor
    second = first.context.new_page()
    second.goto(first.url)
    first.locator("#select-field-full_name").click()
    settled(first)
    first.locator("#prop-help").fill("As on your passport")
    first.locator("#prop-help").press("Tab")
    saved(first)
    second.locator("#select-field-full_name").click()
    settled(second)
    second.locator("#prop-help").fill("From the other window")
    second.locator("#prop-help").press("Tab")
    expect(second.locator("#save-problem")).to_contain_text("changed in another window")
    # it said "Reload the page" and offered nothing to do so
    reload = second.locator("#save-retry")
    expect(reload).to_have_text("Reload")
    reload.click()
    second.locator("#select-field-full_name").click()
    expect(second.locator("#prop-help")).to_have_value("As on your passport")
    expect(second.locator("#save-status")).to_have_text("All changes saved")


def test_a_file_over_the_limit_is_refused_beside_its_box_before_it_is_sent(
    editor: Page, tmp_path
) -> None:
    page = editor
    big = tmp_path / "contract.docx"
    with big.open("wb") as out:
        out.truncate(21_000_000)  # over the 20 MiB body limit: a bare error page
    page.get_by_role("link", name="Templates", exact=True).first.click()
    library = page.url
    page.locator("#docx-file").set_input_files(str(big))
    message = "This file is 21 MB: choose a Word document of at most 10 MB."
    expect(page.locator("#docx-file-size-error")).to_have_text(message)
    expect(page.locator("#docx-file")).to_have_attribute("aria-invalid", "true")
    page.get_by_role("button", name="Import .docx").click()
    expect(page.locator("#docx-file")).to_be_focused()
    assert page.url == library
    expect(page.get_by_role("heading", name="Templates", level=1)).to_be_visible()

    follow(page.get_by_role("link", name="Employment contract").first)
    follow(page.get_by_role("link", name="Document", exact=True))
    page.locator("#docx-upload").set_input_files(str(big))
    page.get_by_role("button", name="Import .docx").click()
    expect(page.locator("#docx-upload-size-error")).to_have_text(message)
    expect(page.locator("#save-status")).to_have_text("All changes saved")
    # a file within the limit is still sent, and the message goes
    small = tmp_path / "small.docx"
    small.write_bytes(sample_docx())
    blocks = page.locator(".doc-block").count()
    page.locator("#docx-upload").set_input_files(str(small))
    expect(page.locator("#docx-upload-size-error")).to_have_count(0)
    page.get_by_role("button", name="Import .docx").click()
    expect(page.locator(".doc-block")).not_to_have_count(blocks)


def test_a_merge_field_reads_as_its_question_in_the_paragraph_box(editor: Page) -> None:
    """The box showed {{ full_name }} where the page and the PDF show the answer to “Full
    name”: the paragraph box now shows the same chip, and the list names questions only,
    while what is saved stays {{ full_name }}."""
    page = editor
    follow(page.get_by_role("link", name="Document", exact=True))
    page.locator('.palette__button[hx-vals*="paragraph"]').click()
    saved(page)
    settled(page)
    expect(page.locator("#rte-merge option", has_text="Full name")).to_have_text("Full name")
    page.locator("#rte-area").click()
    page.keyboard.type("Signed by ")
    page.locator("#rte-merge").select_option("full_name")
    page.keyboard.type(", employee.")
    page.keyboard.press("Tab")
    saved(page)
    chip = page.locator("#rte-area .merge-field")
    expect(chip).to_have_text("Full name")
    assert "{{" not in page.locator("#rte-area").inner_text()
    assert page.input_value("#rte-html") == "<p>Signed by {{ full_name }}, employee.</p>"
    expect(page.locator(".doc-paragraph").last).to_have_text("Signed by Full name, employee.")

    page.reload()  # saved as {{ full_name }}, shown as a chip again
    page.locator(".doc-block").last.locator("[data-select]").click()
    settled(page)
    expect(page.locator("#rte-area .merge-field")).to_have_text("Full name")
    assert "{{" not in page.locator("#rte-area").inner_text()


def test_one_backspace_right_after_inserting_a_merge_field_removes_it(editor: Page) -> None:
    """The caret sat behind an invisible place made after a new chip: the first Backspace
    deleted only that, and the chip took a second one."""
    page = editor
    follow(page.get_by_role("link", name="Document", exact=True))
    page.locator('.palette__button[hx-vals*="paragraph"]').click()
    saved(page)
    settled(page)
    page.locator("#rte-area").click()
    page.keyboard.type("Signed by ")
    page.locator("#rte-merge").select_option("full_name")
    expect(page.locator("#rte-area .merge-field")).to_have_count(1)
    page.keyboard.press("Backspace")
    expect(page.locator("#rte-area .merge-field")).to_have_count(0)
    page.keyboard.type("the employee.")
    page.keyboard.press("Tab")
    saved(page)
    assert page.input_value("#rte-html") == "<p>Signed by the employee.</p>"
