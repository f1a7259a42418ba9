"""In chromium at 375 x 740, as on a phone: the signer's pages from consent to the
confirmation do not scroll sideways, everything a thumb taps is at least 44 px high (links
inside a sentence excepted, as in the GOV.UK Design System), hints and errors are tied to
what they describe, and the confirmation shows the download without reloading itself (a
screen reader would start again from the top on every reload)."""

import json
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import axe_violations, new_envelope, shot

pytestmark = pytest.mark.browser

#: a web address has no space to wrap at: it must not widen the page
ADDRESS = "https://example.com/terms/suppliers/2027/european-union/onboarding-conditions.pdf"
CHOICES = [{"value": "a", "label": "Alpha"}, {"value": "b", "label": "Beta"}]
FORM: dict[str, Any] = {
    "name": "Phone check",
    "roles": [{"key": "customer", "name": "Customer", "stage": 1}],
    "settings": {"signature_policy": "typed_allowed"},
    "sections": [
        {
            "key": "answers",
            "title": "Your answers",
            "role": "customer",
            "fields": [
                {"key": "terms", "component": "paragraph", "label": f"Read {ADDRESS} first."},
                {"key": "kind", "component": "radio", "label": "Which kind?", "required": True,
                 "options": CHOICES, "help": "Pick one."},
                {"key": "pick", "component": "select", "label": "Which list?", "options": CHOICES},
                {"key": "extras", "component": "multiselect", "label": "Extras", "required": True,
                 "options": CHOICES, "help": "Pick any."},
                {"key": "agree", "component": "checkbox", "label": f"I agree to {ADDRESS}",
                 "required": True},
                {"key": "directors", "component": "group", "label": "Directors",
                 "help": "Everyone on the board.",
                 "validation": {"row_label": "Director", "min_rows": 2},
                 "fields": [{"key": "name", "component": "text", "label": "Name"}]},
                {"key": "proof", "component": "attachment", "label": "Proof of address",
                 "help": "A recent bill.", "validation": {"accept": [".png"]}},
            ],
        },
        {
            "key": "sign",
            "title": "Sign",
            "role": "customer",
            "fields": [
                {"key": "initials", "component": "initials", "label": "Your initials"},
                {"key": "signature", "component": "signature", "label": "Your signature",
                 "required": True},
            ],
        },
    ],
    "document": [{"kind": "heading", "text": "Phone check"}, {"kind": "fields"}],
}  # fmt: skip

#: what a phone user would trip over: sideways scrolling, small tap targets (a link inside a
#: sentence is exempt; a radio or checkbox is tapped by its label, a file input by the page's
#: own button beside it); and what a screen reader
#: user would: descriptions not tied to their field, headings that skip a level
PROBLEMS = """() => {
  const root = document.documentElement, problems = [];
  if (root.scrollWidth > root.clientWidth) problems.push(`scrolls sideways: ${root.scrollWidth}px`);
  const shown = el => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > 0 && getComputedStyle(el).visibility !== 'hidden'; };
  const inSentence = a => a.tagName === 'A' && [...a.parentElement.childNodes]
    .some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea')) {
    // the step's hidden first button is what Enter presses: nobody taps it
    if (el.type === 'hidden' || el.matches('[aria-hidden=true][tabindex="-1"]') || !shown(el) || inSentence(el)) continue;
    // a file input whose page's own button stands in its place is tapped by that button
    const target = (el.type === 'radio' || el.type === 'checkbox') && el.labels.length ? el.labels[0]
      : el.matches('.file-upload--scripted') ? el.nextElementSibling : el;
    const height = target.getBoundingClientRect().height;
    if (height < 43.5) problems.push(`${target.outerHTML.slice(0, 90)} is ${Math.round(height)}px high`);
  }
  for (const hint of document.querySelectorAll('.form-group .hint, .form-group .field-error')) {
    const group = hint.closest('.form-group');
    if (!shown(hint) || hint.closest('.signature') || hint.closest('[data-upload-nojs]') === hint) continue;
    const described = [...group.querySelectorAll('[aria-describedby]')]
      .filter(el => el.closest('.form-group') === group)
      .some(el => hint.id && el.getAttribute('aria-describedby').split(' ').includes(hint.id));
    if (!described) problems.push(`"${hint.textContent.trim()}" describes nothing (${group.id})`);
  }
  let level = 1;
  for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const next = Number(h.tagName[1]);
    if (next > level + 1) problems.push(`h${next} "${h.textContent.trim()}" follows an h${level}`);
    level = next;
  }
  return problems;
}"""


def check(page: Page, where: str) -> None:
    page.wait_for_load_state()
    problems = page.evaluate(PROBLEMS)
    assert not problems, f"{where} at 375px: {json.dumps(problems, indent=1)}"


def no_axe_problems(page: Page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{where}: axe found {json.dumps(violations, indent=1)}"


def continue_(page: Page) -> None:
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


@pytest.mark.timeout(90)
def test_signer_pages_fit_a_phone_and_tie_hints_to_fields(
    browser: Browser, live_server: LiveServer
) -> None:
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(new_envelope(live_server, FORM))
        continue_(page)  # nothing chosen: the consent question's error
        expect(page.locator(".error-summary")).to_be_focused()
        check(page, "consent with an error")
        page.get_by_label("Yes, I agree").check()
        continue_(page)

        check(page, "a question step")
        continue_(page)  # nothing answered: the error summary and each field's error
        expect(page.locator(".error-summary")).to_be_focused()
        check(page, "a step with errors")
        no_axe_problems(page, "a step with errors")
        shot(page, "signer-phone-errors")
        page.get_by_role("link", name=re.compile("Which kind")).click()
        expect(page.get_by_label("Alpha").first).to_be_focused()  # the summary leads to the field

        page.get_by_label("Alpha").first.check()
        page.get_by_label("Beta").last.check()
        page.get_by_label("I agree to").check()
        page.locator("#input-proof").set_input_files(
            files=[{"name": "bill.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n"}]
        )
        expect(page.locator(".file-list__name")).to_have_text("bill.png")
        check(page, "a step with an upload")
        continue_(page)

        ways = page.get_by_role("radio", name="Type")
        expect(ways).to_have_count(2)  # all() does not wait for the step to be drawn
        for way in ways.all():
            way.check()
        page.get_by_label("Type your initials").fill("Ada Lovelace")  # too long for initials
        page.get_by_label("Type your full name to sign").fill("Ada Lovelace")
        continue_(page)
        check(page, "the signature step")
        page.get_by_role("link", name=re.compile("initials")).click()
        # the typed initials are what is wrong: not the "Draw" choice beside them
        expect(page.get_by_label("Type your initials")).to_be_focused()
        page.keyboard.press("Control+A")
        page.keyboard.type("AL")
        continue_(page)

        expect(page.get_by_role("button", name="Sign and finish")).to_be_visible()
        check(page, "check your answers")
        page.get_by_role("button", name="Sign and finish").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Signed")
        page.evaluate("window.notReloaded = true")
        expect(page.get_by_role("link", name="Download the sealed PDF")).to_be_visible(
            timeout=30_000
        )
        assert page.evaluate("window.notReloaded === true"), "the confirmation reloaded itself"
        check(page, "the confirmation")
        shot(page, "signer-phone-done")
    finally:
        context.close()
