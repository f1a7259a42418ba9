"""In chromium: on a French step, ":" (and ";", "?", "!", "»") never starts a line. French
puts a space before them; a plain space let a phone-sized screen break the line there,
leaving ":" alone at the start of the next line (docs/translations.md, French spacing)."""

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import customer_form, shot, signing_page

pytestmark = pytest.mark.browser

FORM = customer_form(
    "Adhésion",
    {
        "key": "you",
        "title": "Vous",
        "role": "customer",
        "fields": [
            {"key": "email", "component": "email", "label": "Adresse e-mail", "required": True},
            {
                "key": "terms",
                "component": "checkbox",
                "label": "J’accepte les conditions générales de l’adhésion",
                "required": True,
            },
        ],
    },
)

#: each sign that follows a space in French, and whether it starts a line of the page: the
#: letter before it and the sign itself are measured where the browser laid them out
BROKEN_BEFORE_A_SIGN = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data;
    for (let i = 1; i < text.length; i++) {
      if (!":;?!»".includes(text[i]) || !/\\s/.test(text[i - 1])) continue;
      let j = i - 1;
      while (j > 0 && /\\s/.test(text[j])) j--;
      if (/\\s/.test(text[j])) continue;
      const before = document.createRange(), sign = document.createRange();
      before.setStart(node, j); before.setEnd(node, j + 1);
      sign.setStart(node, i); sign.setEnd(node, i + 1);
      const a = before.getBoundingClientRect(), b = sign.getBoundingClientRect();
      if (a.height && b.height && b.top > a.top + a.height / 2) {
        found.push(text.slice(Math.max(0, j - 25), i + 1));
      }
    }
  }
  return found;
}"""


def _lines_starting_with_a_sign(page: Page) -> dict[int, list[str]]:
    """By width, from a small phone's up to the test's 375 px and a little over: a plain
    space breaks before the sign at some width for one message or another."""
    found = {}
    for width in range(300, 431, 6):
        page.set_viewport_size({"width": width, "height": 800})
        broken = page.evaluate(BROKEN_BEFORE_A_SIGN)
        if broken:
            found[width] = broken
    page.set_viewport_size({"width": 375, "height": 800})
    return found


@pytest.mark.timeout(90)
def test_no_line_of_a_french_step_starts_with_a_colon(
    browser: Browser, live_server: LiveServer
) -> None:
    with signing_page(browser, live_server, FORM) as page:
        page.select_option("#language-choice", "fr")
        page.locator(".language-switcher__button").click()
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        page.locator("#input-email").fill("anne@")
        page.get_by_role("button", name="Continuer").click()
        summary = page.locator(".error-summary")
        expect(summary).to_contain_text("Cochez la case pour confirmer")
        expect(summary).to_contain_text("Saisissez «\u00a0adresse e-mail\u00a0» au bon format")
        assert _lines_starting_with_a_sign(page) == {}
        shot(page, "signer-french-punctuation-375")
