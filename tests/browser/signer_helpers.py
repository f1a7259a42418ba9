"""Helpers for the signer browser tests: a richer template, envelopes over the API, axe."""

import base64
import json
import os
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.board_form import board_resolution, signature
from tests.browser.conftest import LiveServer

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(os.environ.get("FORMSEAL_SCREENSHOTS", "/tmp/formseal-shots"))

WIZARD: dict[str, Any] = {
    "name": "Supplier onboarding",
    "language": "en",
    "roles": [{"key": "supplier", "name": "Supplier", "kind": "signer"}],
    "settings": {"signature_policy": "typed_allowed"},
    "sections": [
        {
            "key": "about",
            "title": "About you",
            "role": "supplier",
            "fields": [
                {"key": "full_name", "component": "text", "label": "Full name", "required": True},
                {
                    "key": "kind",
                    "component": "radio",
                    "label": "Do you trade as a company?",
                    "required": True,
                    "options": [
                        {"value": "company", "label": "Yes, as a company"},
                        {"value": "person", "label": "No, as a private person"},
                    ],
                },
                {
                    "key": "company_name",
                    "component": "text",
                    "label": "Company name",
                    "required": True,
                    "visible_if": {"==": [{"var": "kind"}, "company"]},
                },
            ],
        },
        {
            "key": "company",
            "title": "Your company",
            "role": "supplier",
            "visible_if": {"==": [{"var": "kind"}, "company"]},
            "fields": [
                {"key": "vat", "component": "text", "label": "VAT number", "required": True}
            ],
        },
        {
            "key": "documents",
            "title": "Documents",
            "role": "supplier",
            "fields": [
                {
                    "key": "proof",
                    "component": "attachment",
                    "label": "Proof of address",
                    "help": "A recent bill or bank statement.",
                    "required": True,
                    "validation": {
                        "accept": [".pdf", ".png", ".jpg"],
                        "max_size": 1048576,
                        "max_files": 3,
                    },
                }
            ],
        },
        {
            "key": "sign",
            "title": "Sign",
            "role": "supplier",
            "fields": [
                {
                    "key": "initials",
                    "component": "initials",
                    "label": "Your initials",
                    "required": True,
                },
                {
                    "key": "signature",
                    "component": "signature",
                    "label": "Your signature",
                    "required": True,
                },
            ],
        },
    ],
}


#: the last step of the one-role (customer) forms of the smaller signer tests
SIGN_STEP: dict[str, Any] = {
    "key": "sign",
    "title": "Sign",
    "role": "customer",
    "fields": [{"key": "signature", "component": "signature", "label": "Sign"}],
}


PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg=="
)
"""A 1x1 PNG: the smallest picture an attachment request or a signature upload takes."""


def evidence_step(*fields: dict[str, Any]) -> dict[str, Any]:
    """The customer's "Evidence" step of the upload tests, holding `fields`."""
    return {"key": "evidence", "title": "Evidence", "role": "customer", "fields": list(fields)}


def customer_form(name: str, *steps: dict[str, Any]) -> dict[str, Any]:
    """A template for one customer: `steps`, then the Sign step."""
    return {
        "name": name,
        "roles": [{"key": "customer", "name": "Customer", "stage": 1}],
        "sections": [*steps, SIGN_STEP],
    }


#: receipts that take up to two PNGs: Continue while a file uploads or is removed, and the
#: decline tests (a step with something to leave behind)
RECEIPTS_FORM = customer_form(
    "Claim while uploading",
    evidence_step(
        {
            "key": "receipts",
            "component": "attachment",
            "label": "Receipts",
            "required": True,
            "validation": {"accept": [".png"], "max_files": 2},
        }
    ),
)
#: receipts that take three PDFs or PNGs of 2 KB at most: files refused while others go
CLAIM_FORM = customer_form(
    "Claim",
    evidence_step(
        {
            "key": "receipts",
            "component": "attachment",
            "label": "Receipts",
            "validation": {"accept": [".pdf", ".png"], "max_size": 2048, "max_files": 3},
        }
    ),
)
#: a board resolution (a group of directors) with a required signature
BOARD = board_resolution(signature(required=True))

_API_KEYS: dict[str, str] = {}


def api_key(server: LiveServer) -> str:
    """One API key per live server: each `formseal` command starts Python (2-5 s)."""
    if server.base_url not in _API_KEYS:
        created = server.formseal("apikey", "create", "--name", "signer-tests")
        _API_KEYS[server.base_url] = created.stdout.strip().split()[-1]
    return _API_KEYS[server.base_url]


def call(server: LiveServer, key: str, method: str, path: str, body: Any) -> Any:
    request = urllib.request.Request(
        server.base_url + path,
        data=json.dumps(body).encode(),
        method=method,
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (own server)
        return json.loads(response.read())


def new_envelope(server: LiveServer, definition: dict[str, Any], **recipient: Any) -> str:
    """Import `definition` and send it to one person; returns the signing link."""
    key = api_key(server)
    template = call(server, key, "POST", "/api/v1/templates", definition)
    role = definition["roles"][0]["key"]
    person = {"role": role, "name": "Sam Supplier", "email": "sam@example.com", **recipient}
    envelope = call(
        server,
        key,
        "POST",
        "/api/v1/envelopes",
        {"template_id": template["id"], "recipients": [person]},
    )
    return envelope["recipients"][0]["signing_url"]


@contextmanager
def signing_page(
    browser: Browser, server: LiveServer, definition: dict[str, Any]
) -> Iterator[Page]:
    """A phone-sized page at the first step of a new envelope of `definition` (consent
    given); its browser context is closed afterwards."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(new_envelope(server, definition))
        agree(page)
        yield page
    finally:
        context.close()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core (from node_modules, injected by the test) on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # evaluated through the DevTools protocol, so the page's strict CSP does not block it
        page.evaluate("(source) => { (0, eval)(source); }", AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"
    )
    return list(result)


def assert_accessible(page: Page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{where}: axe found {json.dumps(violations, indent=1)}"


def shot(page: Page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def agree(page: Page) -> None:
    """The consent page: agree to electronic records and continue."""
    page.get_by_role("heading", level=1, name="Using electronic records and signatures").wait_for()
    page.get_by_label("Yes, I agree").check()
    # wait for the step page's load (its scripts bound), not the consent page's
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()


#: what the demo template's first step is answered with (`fill_step_one`)
FULL_NAME = "Ada Quill Lovelace"
START_DATE = "2027-03-27"  # what a date input holds; the review shows it as "27 March 2027"


def continue_(page: Page) -> None:
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def expect_step(page: Page, number: int, total: int, heading: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator(".step-caption")).to_contain_text(f"Step {number} of {total}")


def fill_step_one(page: Page) -> None:
    page.get_by_label("Full name", exact=True).fill(FULL_NAME)
    page.get_by_label("Service start date").fill(START_DATE)
    continue_(page)


def draw_signature(page: Page) -> None:
    """Three strokes with the mouse over the canvas, as a person would sign."""
    canvas = page.locator("canvas.signature-pad__canvas")
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box is not None
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    strokes = [
        [(0.10, 0.70), (0.18, 0.25), (0.25, 0.70), (0.32, 0.30), (0.40, 0.65)],
        [(0.45, 0.60), (0.55, 0.35), (0.62, 0.62), (0.70, 0.40)],
        [(0.20, 0.82), (0.85, 0.78)],
    ]
    for stroke in strokes:
        page.mouse.move(x + w * stroke[0][0], y + h * stroke[0][1])
        page.mouse.down()
        for px, py in stroke[1:]:
            page.mouse.move(x + w * px, y + h * py, steps=6)
        page.mouse.up()
