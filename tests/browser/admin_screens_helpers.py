"""The author and admin screens the axe check walks (test_admin_screens_axe.py): one demo
organisation with something on every screen (a bulk send, a subsidiary, mail in the outbox,
a /verify report), and the address of each screen in it."""

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import opened, sign_in

VIEWER_PASSWORD = "a long viewer passphrase"

#: a screen's stable id and its address, `{t}` the demo template (`{p}` as published), `{e}` its envelope,
#: `{b}` the bulk send, `{m}` a mail in the outbox, `{s}` the subsidiary
SCREENS: dict[str, str] = {
    "library": "/designer/",
    "library-archived": "/designer/templates?show=archived",
    "versions": "/designer/templates/{t}/versions",
    "roles": "/designer/templates/{t}/roles",
    "document": "/designer/templates/{t}/document",
    "preview": "/designer/templates/{t}/preview",
    "publish": "/designer/templates/{t}/publish",
    "send": "/designer/envelopes/new?template_id={p}",
    "envelopes": "/designer/envelopes",
    "envelope": "/designer/envelopes/{e}",
    "bulk-new": "/designer/bulk-sends/new?template_id={p}",
    "bulk-progress": "/designer/bulk-sends/{b}",
    "archive": "/designer/archive",
    "archive-tags": "/designer/archive/{e}/tags",
    "archive-retention": "/designer/archive/retention",
    "insight": "/designer/insight",
    "outbox": "/designer/outbox",
    "outbox-mail": "/designer/outbox/{m}",
    "settings": "/designer/settings",
    "settings-api-keys": "/designer/settings/api-keys",
    "settings-audit": "/designer/settings/audit",
    "settings-brand": "/designer/settings/brand",
    "settings-embedding": "/designer/settings/embedding",
    "settings-problems": "/designer/settings/problems",
    "settings-stamps": "/designer/settings/stamps",
    "settings-webhooks": "/designer/settings/webhooks",
    "users": "/designer/users",
    "account": "/designer/account",
    "organisation": "/designer/organisation",
    "organisation-subsidiary": "/designer/organisation/subsidiaries/{s}",
    "organisation-envelopes": "/designer/organisation/envelopes",
    "organisation-envelope": "/designer/organisation/envelopes/{e}",
    "api-reference": "/schema",
    "verify": "/verify",
    "not-found": "/designer/templates/00000000-0000-4000-8000-000000000000/versions",
}

#: screens reached by doing something rather than by an address (see `AdminScreens.visit`)
ACTED = ("login", "bulk-preview", "verify-report", "forbidden")


@dataclass
class AdminScreens:
    """A designer admin signed in on `page`, and the ids the screens' addresses need."""

    server: LiveServer
    page: Page
    ids: dict[str, str] = field(default_factory=dict)
    bulk_preview: str = ""
    viewer: str = ""

    def visit(self, screen: str, width: int) -> Page:
        """Open `screen` at `width` px wide; the page to check (a fresh one for the login
        and forbidden screens, closed by `done`)."""
        base = self.server.base_url
        if screen in ("login", "forbidden"):
            page = self.page.context.browser.new_page(  # type: ignore[union-attr]
                viewport={"width": width, "height": 900}
            )
            page.goto(f"{base}/designer/login")
            if screen == "forbidden":
                page.get_by_label("Email address").fill(self.viewer)
                page.get_by_label("Password").fill(VIEWER_PASSWORD)
                page.get_by_role("button", name="Sign in").click()
                expect(page.get_by_role("heading", name="Templates", level=1)).to_be_visible()
                page.goto(f"{base}/designer/bulk-sends/new?template_id={self.ids['p']}")
            opened(page)
            return page
        page = self.page
        page.set_viewport_size({"width": width, "height": 900})
        if screen == "bulk-preview":
            page.goto(self.bulk_preview)
        elif screen == "verify-report":
            page.goto(f"{base}/verify")
            page.get_by_label("Sealed PDF").set_input_files(str(self.ids["pdf"]))
            with page.expect_navigation():
                page.get_by_role("button", name=re.compile("Check|Verify")).click()
        else:
            page.goto(base + SCREENS[screen].format(**self.ids))
        opened(page)
        return page

    def done(self, page: Page) -> None:
        if page is not self.page:
            page.close()


def admin_screens(browser: Browser, server: LiveServer, tmp: Path) -> AdminScreens:
    """The demo organisation with a bulk send, a subsidiary, a viewer, mail in the outbox."""
    organisation = f"Axe {uuid.uuid4().hex[:6]}"
    email, password = server.demo_author(organisation)
    viewer = f"viewer-{uuid.uuid4().hex[:6]}@example.com"
    _viewer(server, organisation, viewer)
    page = sign_in(browser, server.base_url, email, password)
    base = server.base_url
    edit = page.locator("a.library-table__name").first.get_attribute("href") or ""
    template = edit.split("/")[3]
    page.goto(f"{base}/designer/envelopes")
    published = page.locator("#send-template option").first.get_attribute("value") or ""
    envelope = (page.locator("tbody tr a").first.get_attribute("href") or "").split("/")[-1]
    page.goto(f"{base}/designer/organisation")
    page.locator("#sub-name").fill("Axe North")
    page.get_by_role("button", name="Add subsidiary").click()
    sub = page.locator("a[href^='/designer/organisation/subsidiaries/']").first
    subsidiary = (sub.get_attribute("href") or "").split("/")[-1]

    csv = tmp / "people.csv"
    csv.write_text(
        "Customer name,Customer email,Service start date\n"
        "Ada,ada@example.com,2027-02-01\nBen,not an email,2027-02-02\n"
    )
    page.goto(f"{base}/designer/bulk-sends/new?template_id={published}")
    page.get_by_label("Spreadsheet").set_input_files(str(csv))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check the bulk send")
    preview = page.url
    bulk = preview.split("/")[-1].split("?")[0]
    page.get_by_role("button", name="Send 1 envelope").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bulk send of")
    expect(page.locator(".bulk-progress__state")).to_contain_text("Done.", timeout=60_000)

    page.goto(f"{base}/designer/outbox")
    mail = page.locator("a[href^='/designer/outbox/']").first.get_attribute("href") or ""
    pdf = tmp / "preview.pdf"
    pdf.write_bytes(page.request.get(f"{base}/designer/templates/{template}/preview/pdf").body())
    ids = {
        "t": template,
        "p": published,
        "e": envelope,
        "b": bulk,
        "m": mail.split("/")[-1],
        "s": subsidiary,
        "pdf": str(pdf),
    }
    return AdminScreens(server, page, ids, preview, viewer)


def _viewer(server: LiveServer, organisation: str, email: str) -> None:
    from designer.cli import ensure_author
    from runtime.accounts.service import existing_organisation

    async def work(_: object) -> None:
        org = await existing_organisation(organisation)
        await ensure_author(org, email, VIEWER_PASSWORD, role="viewer")

    server.run(work)


def horizontal_overflow(page: Page) -> list[str]:
    """The page's own sideways scroll and the elements sticking out past its right edge."""
    return list(
        page.evaluate(
            """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  if (document.documentElement.scrollWidth > width)
    out.push('page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + width);
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > width + 1 && getComputedStyle(el).position !== 'fixed') {
      let inside = false;  // inside something that scrolls sideways on purpose
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') { inside = true; break; }
      }
      if (!inside) out.push(el.tagName.toLowerCase() + '.' + el.className + ' right=' + Math.round(r.right));
    }
  }
  return out.slice(0, 8);
}"""
        )
    )


def small_targets(page: Page) -> list[str]:
    """Buttons, menus, text boxes and button-styled links under 44 px tall (UI.md: tap
    targets at least 44 px on a phone). Links inside a sentence are left out (WCAG's
    inline exception), as are tick boxes and radios, whose label is the target."""
    return list(
        page.evaluate(
            """() => {
  const out = [];
  const sel = 'button, select, summary, a.button, input:not([type=checkbox]):not([type=radio]):not([type=hidden]), textarea';
  for (const el of document.querySelectorAll(sel)) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
    if (el.closest('.visually-hidden')) continue;
    if (r.height < 43.5) out.push(el.tagName.toLowerCase() + '.' + el.className + ' "' + (el.textContent || el.name || '').trim().slice(0, 30) + '" ' + Math.round(r.height) + 'px');
  }
  return out.slice(0, 12);
}"""
        )
    )


def unringed_focus(page: Page, presses: int = 30) -> list[str]:
    """What the Tab key reaches, in its first `presses` stops, without a visible focus ring
    (an outline or a box-shadow that the element has only when focused)."""
    page.locator("body").focus()
    missing: list[str] = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        found = page.evaluate(
            """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // a frame's own page draws its rings; a date box's last stop is Chromium's calendar
  // button, which draws its own ring inside the box
  if (el.tagName === 'IFRAME' || (el.type === 'date' && !el.matches(':focus-visible'))) return '';
  const on = getComputedStyle(el);
  const ring = (on.outlineStyle !== 'none' && parseFloat(on.outlineWidth) >= 1) || on.boxShadow !== 'none';
  const name = el.tagName.toLowerCase() + '.' + el.className + ' "' + (el.textContent || el.name || '').trim().slice(0, 30) + '"';
  if (!ring) return name;
  if (on.boxShadow !== 'none' && on.outlineStyle === 'none') {
    const shadow = on.boxShadow; el.blur(); const off = getComputedStyle(el).boxShadow; el.focus();
    if (off === shadow) return name + ' (the same shadow unfocused)';
  }
  return '';
}"""
        )
        if found is None:
            break
        if found and found not in missing:
            missing.append(found)
    return missing
