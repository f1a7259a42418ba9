"""In chromium, a signer near their cap over every file request (a server of its own with
FORMSEAL_SIGNER_ATTACHMENT_MAX_FILES=3): after an upload every file question of the step
shows the new count (the others kept the old one until the page was loaded again), and at
the cap each "Choose files" is greyed, its hint saying why; a file refused at the cap
says so in a few words, not the hint's long words again in the error and the status line.
At the cap the chooser stays in the tab order (aria-disabled; it was disabled, and the
keyboard and screen readers could no longer reach the question and its hint): focused, its
hint is its description; pressed, nothing opens and the page says "You cannot upload more
files". Without JavaScript a file chosen anyway is refused by the server, once, linked
from the error summary.

Set FORMSEAL_SCREENSHOTS=<folder> to keep the screenshots elsewhere than /tmp/formseal-shots.
"""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer, _serve
from tests.browser.signer_helpers import agree, customer_form, evidence_step, new_envelope, shot

pytestmark = pytest.mark.browser

AT_CAP = (
    "You have uploaded 3 files, the most one person may upload for this document (files you"
    " removed count too). Contact the sender if you need to send more."
)
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
FORM = customer_form(
    "Travel claim",
    evidence_step(
        {
            "key": "receipts",
            "component": "attachment",
            "label": "Receipts",
            "validation": {"accept": [".pdf"], "max_size": 4096, "max_files": 5},
        },
        {
            "key": "tickets",
            "component": "attachment",
            "label": "Tickets",
            "validation": {"accept": [".pdf"], "max_size": 4096, "max_files": 4},
        },
    ),
)


@pytest.fixture(scope="module")
def capped_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server whose signers may upload 3 files in all (the shared one allows 50)."""
    with _serve(
        tmp_path_factory.mktemp("capped-browser"),
        settings={"FORMSEAL_RUN_WORKER": "false", "FORMSEAL_SIGNER_ATTACHMENT_MAX_FILES": "3"},
    ) as server:
        yield server


@pytest.mark.timeout(120)
@pytest.mark.parametrize("width", [1280, 375])
def test_every_hint_follows_the_shared_cap(
    browser: Browser, capped_server: LiveServer, tmp_path: Path, width: int
) -> None:
    files = {}
    for name in ("a.pdf", "b.pdf", "c.pdf", "d.pdf"):
        files[name] = tmp_path / name
        files[name].write_bytes(PDF)
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(new_envelope(capped_server, FORM))
    agree(page)
    receipts, tickets = page.locator("#field-receipts"), page.locator("#field-tickets")
    expect(tickets.locator(".hint [data-files-left]")).to_have_text("You can upload up to 3 files.")

    receipts.locator("[data-upload-input]").set_input_files([files["a.pdf"]])
    expect(receipts.locator(".file-list__name")).to_have_text(["a.pdf"])
    # the receipt took one of the signer's 3 places: the tickets are told at once
    expect(receipts.locator(".hint [data-files-left]")).to_have_text("You can upload 2 more files.")
    expect(tickets.locator(".hint [data-files-left]")).to_have_text("You can upload 2 more files.")
    expect(tickets.locator("[data-upload-choose]")).to_have_text("Choose files")
    expect(tickets.locator("[data-upload-input]")).to_be_enabled()

    # three more chosen at once: b.pdf and c.pdf take the last places, d.pdf is refused
    chosen = [files["b.pdf"], files["c.pdf"], files["d.pdf"]]
    tickets.locator("[data-upload-input]").set_input_files(chosen)
    expect(tickets.locator(".file-list__name")).to_have_text(["b.pdf", "c.pdf"])
    error = tickets.locator("[data-upload-error] .field-error")
    expect(error).to_have_text(["You cannot upload more files (d.pdf)"])
    for group in (receipts, tickets):
        expect(group.locator(".hint [data-files-left]")).to_have_text(AT_CAP)
        expect(group.locator("[data-upload-input]")).to_have_attribute("aria-disabled", "true")
        expect(group.locator("[data-upload-choose]")).to_be_visible()
    status = page.locator("#autosave-status")
    expect(status).to_have_text("Not uploaded: You cannot upload more files (d.pdf)")
    # the long words once a question, in its hint: not in the error, not in the status
    assert page.locator("body").inner_text().count("the most one person may upload") == 2
    opacity = tickets.locator("[data-upload-choose]").evaluate("e => getComputedStyle(e).opacity")
    assert float(opacity) < 1, "the disabled button reads as disabled"
    shot(page, f"signer-upload-cap-{width}")

    page.reload()  # the server's page says the same
    for group in (receipts, tickets):
        expect(group.locator(".hint [data-files-left]")).to_have_text(AT_CAP)
        expect(group.locator("[data-upload-input]")).to_have_attribute("aria-disabled", "true")
        expect(group.locator("[data-upload-choose]")).to_be_visible()
    expect(page.locator("[data-upload-error]")).to_have_count(0)
    choosers: list[object] = []
    page.on("filechooser", lambda chosen: choosers.append(chosen))

    # the keyboard reaches the chooser after the last file's Remove, and hears why
    tickets.get_by_role("button", name="Remove c.pdf").focus()
    page.keyboard.press("Tab")
    chooser = tickets.locator("[data-upload-input]")
    expect(chooser).to_be_focused()
    expect(chooser).to_have_accessible_description(re.compile(re.escape(AT_CAP)))
    outline = tickets.locator("[data-upload-choose]").evaluate(
        "e => getComputedStyle(e).outlineStyle"
    )
    assert outline == "solid", "the focus shows on the page's button"
    shot(page, f"signer-upload-cap-focused-{width}")
    page.keyboard.press("Space")  # nothing opens, nothing sent: the page says why not
    refusal = tickets.locator("[data-upload-error] .field-error")
    expect(refusal).to_have_text(["You cannot upload more files"])
    expect(page.locator("#autosave-status")).not_to_contain_text("Not uploaded")  # said once
    tickets.locator("[data-upload-choose]").click()  # the same with the mouse
    expect(refusal).to_have_text(["You cannot upload more files"])
    expect(tickets.locator(".file-list__name")).to_have_text(["b.pdf", "c.pdf"])
    assert not choosers, "no file chooser opened"
    assert page.locator("body").inner_text().count("the most one person may upload") == 2
    shot(page, f"signer-upload-cap-refused-{width}")
    context.close()


@pytest.mark.timeout(120)
@pytest.mark.parametrize("width", [1280, 375])
def test_without_javascript_a_file_at_the_cap_is_refused_once(
    browser: Browser, capped_server: LiveServer, tmp_path: Path, width: int
) -> None:
    files = []
    for name in ("a.pdf", "b.pdf", "c.pdf", "d.pdf"):
        files.append(tmp_path / name)
        files[-1].write_bytes(PDF)
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(new_envelope(capped_server, FORM))
    agree(page)
    receipts, tickets = page.locator("#field-receipts"), page.locator("#field-tickets")
    receipts.locator("[data-upload-input]").set_input_files(files[:3])
    page.get_by_role("button", name="Continue").click()  # on to the next step: the cap is met
    page.goto(page.url.rsplit("/step/", 1)[0] + "/step/1")
    expect(receipts.locator(".file-list__name")).to_have_text(["a.pdf", "b.pdf", "c.pdf"])
    for chooser in (
        receipts.locator("[data-upload-input]"),
        tickets.locator("[data-upload-input]"),
    ):
        expect(chooser).to_have_attribute("aria-disabled", "true")
        expect(chooser).to_have_accessible_description(re.compile(re.escape(AT_CAP)))
    receipts.get_by_role("button", name="Remove c.pdf").focus()
    page.keyboard.press("Tab")  # reached with the keyboard, its hint read
    expect(receipts.locator("[data-upload-input]")).to_be_focused()
    shot(page, f"signer-upload-cap-nojs-{width}")

    tickets.locator("[data-upload-input]").set_input_files(files[3])  # the server refuses it
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".error-summary")
    expect(summary.get_by_role("link")).to_have_text(["You cannot upload more files (d.pdf)"])
    expect(tickets.locator(".field-error")).to_have_text(
        "Error: You cannot upload more files (d.pdf)"
    )
    expect(tickets.locator(".hint [data-files-left]")).to_have_text(AT_CAP)
    expect(tickets.locator(".file-list__name")).to_have_count(0)
    assert page.locator("body").inner_text().count("the most one person may upload") == 2
    summary.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"#field-tickets$"))
    shot(page, f"signer-upload-cap-nojs-refused-{width}")
    context.close()
