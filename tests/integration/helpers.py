"""Helpers and forms shared by the integration tests of several modules (kept out of the
test modules, so that collecting one test file never runs another): reading a step's
inputs back from its HTML, the definitions the tests send (the board resolution, the
claim with receipts, the offer prefilled by a link, the publish warnings), and a signer
on a server with a smaller upload limit or posting from another thread."""

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import httpx
from httpx import Response
from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from tests.board_form import NAME, board_resolution, directors, signature
from tests.integration.conftest import Org, app_client, demo_definition, open_link


def _ticked(html: str, key: str, value: str) -> bool:
    tag = re.search(rf'<input [^>]*name="{key}"\s+value="{value}"[^>]*>', html, re.S)
    assert tag, f"no input {key}={value}"
    return re.search(r"\schecked\b", tag.group(0)) is not None


def is_readonly(tag: str) -> bool:
    """`readonly` as an attribute of its own, as a browser reads it."""
    return re.search(r"\sreadonly(?=[\s>=])", tag) is not None


def with_identity(check: str) -> dict:
    definition = demo_definition()
    definition["roles"][0]["identity"] = check
    return definition


SIREN_SKIPPED = (
    "This paragraph quotes the answer to “SIREN”, a required question that is asked only when "
    "Borrowing as is A company: when it is not asked, it shows as a dash (—) in the signed "
    "PDF. Give this paragraph the same rule, or the rule “SIREN is answered”."
)

WARNINGS = [
    ("$.sections[2]", "This step has no fields yet."),
    (
        "$.document[1]",
        "This paragraph quotes the answer to “Deposit”, an optional question: left empty, it "
        "shows as a dash (—) in the signed PDF. Make the question required, or give this "
        "paragraph the rule “Deposit is answered”.",
    ),
    ("$.document[1]", SIREN_SKIPPED),
    (
        "$.document",
        "Guarantor signs but the document shows no place for their signature: the PDF ends "
        "with a Signatures section for them. Add a signature block for Guarantor where it "
        "belongs.",
    ),
]


def warned_definition() -> dict[str, Any]:
    """One of each warning the designer gives a definition that parses."""
    options = [{"value": "person", "label": "A person"}, {"value": "company", "label": "A company"}]
    return {
        "name": "Loan agreement",
        "roles": [
            {"key": "borrower", "name": "Borrower"},
            {"key": "guarantor", "name": "Guarantor", "stage": 2},
        ],
        "sections": [
            {
                "key": "you",
                "title": "About you",
                "role": "borrower",
                "fields": [
                    {"key": "kind", "component": "radio", "label": "Borrowing as"}
                    | {"required": True, "options": options},
                    {"key": "full_name", "component": "text", "label": "Full name"}
                    | {"required": True},
                    {"key": "deposit", "component": "text", "label": "Deposit"},
                    {"key": "sig_b", "component": "signature", "label": "Signature"}
                    | {"required": True},
                ],
            },
            {
                "key": "firm",
                "title": "Your company",
                "role": "borrower",
                "visible_if": {"==": [{"var": "kind"}, "company"]},
                "fields": [
                    {"key": "siren", "component": "text", "label": "SIREN"} | {"required": True}
                ],
            },
            {"key": "notes", "title": "Notes", "role": "borrower", "fields": []},
            {
                "key": "guarantee",
                "title": "Guarantee",
                "role": "guarantor",
                "fields": [{"key": "sig_g", "component": "signature", "label": "Signature"}],
            },
        ],
        "document": [
            {"kind": "heading", "text": "Loan agreement"},
            {
                "kind": "paragraph",
                "html": "<p>{{ full_name }} (SIREN {{ siren }}) pays a deposit of {{ deposit }}.</p>",
            },
            {"kind": "signature", "role": "borrower"},
        ],
    }


STATE = re.compile(r'name="__state" value="([0-9a-f]+)"')

HTMX = {"HX-Request": "true"}


def state_of(html: str) -> str:
    match = STATE.search(html)
    assert match, "the page carries the answers' fingerprint"
    return match.group(1)


def post_from_thread(client: AsyncTestClient, path: str, **kwargs: Any) -> "asyncio.Future[Any]":
    """POST `path` through the test client's app from a thread of its own: it may wait
    inside the app while the test sends another request."""
    transport: Any = client._transport  # the test client's way into the app (its loop)

    def send() -> httpx.Response:
        own = httpx.Client(  # not closed: that would close the test client's transport
            transport=transport,
            base_url=str(client.base_url),
            cookies=client.cookies,
            headers=client.headers,
        )
        return own.post(path, **kwargs)

    return asyncio.ensure_future(asyncio.to_thread(send))


BOARD = board_resolution(
    group=directors(
        {**NAME, "required": True},
        signature("Signature", required=True),
        required=True,
    )
)


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

FORM = {
    "name": "Claim",
    "roles": [{"key": "claimant", "name": "Claimant"}],
    "sections": [
        {
            "key": "evidence",
            "title": "Evidence",
            "role": "claimant",
            "fields": [
                {
                    "key": "receipts",
                    "component": "attachment",
                    "label": "Receipts",
                    "validation": {"accept": [".pdf"], "max_size": 1024 * 1024},
                },
            ],
        },
        {
            "key": "sign",
            "title": "Sign",
            "role": "claimant",
            "fields": [{"key": "signature", "component": "signature", "label": "Signature"}],
        },
    ],
}


@asynccontextmanager
async def signer_at(
    settings: Settings, link: str, *, files_kb: int
) -> AsyncIterator[AsyncTestClient]:
    """The signer of `link`, past the consent page, on a server that takes files of
    `files_kb` KB of 1,000 bytes (FORMSEAL_MAX_UPLOAD_BYTES; a request may carry the form around it too)."""
    smaller = replace(settings, max_upload_bytes=files_kb * 1000)
    async with app_client(smaller) as signer:
        await open_link(signer, link)
        yield signer


APPROVED = {
    "name": "Guaranteed loan",
    "roles": [
        {"key": "customer", "name": "Customer", "stage": 1},
        {"key": "guarantor", "name": "Guarantor", "stage": 1},
        {"key": "manager", "name": "Manager", "kind": "approver", "stage": 2},
    ],
    "sections": [
        {
            "key": "details",
            "title": "Your details",
            "role": "customer",
            "fields": [
                {"key": "name", "component": "text", "label": "Your full name"},
                {"key": "c_sig", "component": "signature", "label": "Your signature"},
            ],
        },
        {
            "key": "guarantee",
            "title": "Guarantor",  # the role's own name: not said twice
            "role": "guarantor",
            "fields": [{"key": "g_sig", "component": "signature", "label": "Your signature"}],
        },
    ],
}

TYPED = {"customer": {"name": "Cara Customer", "c_sig__typed": "Cara Customer"}}


OFFER = {
    "name": "Subscription offer",
    "roles": [{"key": "customer", "name": "Customer"}],
    "sections": [
        {
            "key": "offer",
            "title": "Your offer",
            "role": "customer",
            "fields": [
                {
                    "key": "plan",
                    "component": "text",
                    "label": "Plan",
                    "prefill": {"source": "url", "lock": True},
                },
                {
                    "key": "price",
                    "component": "money",
                    "label": "Monthly price",
                    "required": True,
                    "validation": {"currency": "EUR"},
                    "prefill": {"source": "url", "lock": True},
                },
                {"key": "note", "component": "text", "label": "Note"},
                {
                    "key": "signature",
                    "component": "signature",
                    "label": "Signature",
                    "required": True,
                },
            ],
        }
    ],
}


async def ask_for_link(
    client: AsyncTestClient, org: Org, template_id: str, prefill: dict[str, str]
) -> Response:
    """POST /templates/{id}/links for Rita Buyer with `prefill`, as the API's caller does."""
    return await client.post(
        f"/api/v1/templates/{template_id}/links",
        headers=org.auth,
        json={"recipient": {"name": "Rita Buyer", "email": "rita@example.com"}, "prefill": prefill},
    )


async def make(client: AsyncTestClient, org: Org, template_id: str, **prefill: str) -> str:
    response = await ask_for_link(client, org, template_id, prefill)
    assert response.status_code == 201, response.text
    return response.json()["url"]


def path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"
