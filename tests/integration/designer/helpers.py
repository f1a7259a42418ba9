"""Small helpers shared by the designer's integration tests."""

import os
import re
import subprocess
import sys
import uuid
from html import unescape
from typing import Any

from litestar.testing import AsyncTestClient

from designer import drafts
from designer.tables import Draft
from runtime.settings import Settings
from tests.integration.designer.conftest import draft_id_from, hx

SIGNED_FORM: dict[str, Any] = {
    "name": "Consulting agreement",
    "roles": [{"key": "client", "name": "Client", "kind": "signer", "stage": 1}],
    "sections": [
        {
            "key": "details",
            "title": "Your details",
            "role": "client",
            "fields": [
                {"key": "full_name", "component": "text", "label": "Full name", "required": True},
                {
                    "key": "client_type",
                    "component": "radio",
                    "label": "Client type",
                    "options": [
                        {"value": "person", "label": "Person"},
                        {"value": "company", "label": "Company"},
                    ],
                },
            ],
        },
        {
            "key": "company",
            "title": "Your company",
            "role": "client",
            "visible_if": {"and": [{"==": [{"var": "client_type"}, "company"]}]},
            "fields": [
                {
                    "key": "company_name",
                    "component": "text",
                    "label": "Company name",
                    "required": True,
                }
            ],
        },
        {
            "key": "sign",
            "title": "Sign",
            "role": "client",
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
    "document": [
        {"kind": "heading", "text": "Consulting agreement", "level": 1},
        {"kind": "paragraph", "html": "<p>Made with <strong>{{ full_name }}</strong>.</p>"},
        {"kind": "signature", "role": "client"},
    ],
}


async def create(client: AsyncTestClient, token: str, name: str) -> str:
    response = await client.post("/designer/templates", data={"_csrf_token": token, "name": name})
    assert response.status_code == 303, response.text
    return f"/designer/templates/{draft_id_from(response.headers['location'])}"


async def seeded(
    client: AsyncTestClient, token: str, definition: dict[str, Any] | None = None
) -> str:
    """A draft holding `definition` (SIGNED_FORM by default), saved as an author would."""
    base = await create(client, token, "Seed")
    draft_id = uuid.UUID(base.rsplit("/", 1)[1])
    row = await Draft.objects().where(Draft.id == draft_id).first()
    assert row is not None
    state = await drafts.get(row.organisation, draft_id)
    await drafts.save(state, definition or SIGNED_FORM, actor="test", summary="seed")
    return base


async def definition_of(base: str) -> dict[str, Any]:
    row = (
        await Draft.select(Draft.definition)
        .where(Draft.id == uuid.UUID(base.rsplit("/", 1)[1]))
        .output(load_json=True)
        .first()
    )
    assert row is not None
    return row["definition"]


ANSWERS = re.compile(r'name="answers" value="([^"]*)"')


def answers_in(html: str) -> str:
    match = ANSWERS.search(html)
    assert match, "no answers field"
    return unescape(match.group(1))


PANEL = {
    "item": "field:file_upload",
    "label": "File upload",
    "key": "file_upload",
    "help": "",
    "prefill_source": "",
    "owner": "signer",
}


async def _upload(client: AsyncTestClient, token: str) -> str:
    base = await create(client, token, "Supplier onboarding")
    await client.post(f"{base}/sections", data={"title": "Documents"}, headers=hx(token))
    added = await client.post(f"{base}/fields", data={"component": "attachment"}, headers=hx(token))
    assert added.status_code == 200, added.text
    return base


def _text(key: str, label: str) -> dict[str, Any]:
    return {"key": key, "component": "text", "label": label}


def _definition() -> dict[str, Any]:
    step = {"role": "client"}
    return {
        "name": "Consulting agreement",
        "roles": [{"key": "client", "name": "Client", "kind": "signer", "stage": 1}],
        "sections": [
            {
                **step,
                "key": "details",
                "title": "Your details",
                "fields": [
                    _text("full_name", "Full name"),
                    {
                        "key": "client_type",
                        "component": "radio",
                        "label": "Client type",
                        "options": [
                            {"value": "person", "label": "Person"},
                            {"value": "company", "label": "Company"},
                        ],
                    },
                    {"key": "start", "component": "date", "label": "Start date"},
                    {"key": "days", "component": "number", "label": "Days a month"},
                    {"key": "agree", "component": "checkbox", "label": "I agree"},
                ],
            },
            {
                **step,
                "key": "company",
                "title": "Your company",
                "fields": [
                    _text("vat", "VAT"),
                    {"key": "proof", "component": "attachment", "label": "Certificate"},
                ],
            },
            {**step, "key": "notes", "title": "Notes", "fields": []},  # no field yet
            {
                **step,
                "key": "sign",
                "title": "Sign",
                "fields": [{"key": "signature", "component": "signature", "label": "Signature"}],
            },
        ],
    }


LOAN: dict[str, Any] = {
    "name": "Small loan",
    "roles": [
        {"key": "customer", "name": "Customer", "kind": "signer", "stage": 1},
        {
            "key": "guarantor",
            "name": "Guarantor",
            "kind": "signer",
            "stage": 2,
            "condition": {"==": [{"var": "needs_guarantor"}, True]},
        },
        {"key": "manager", "name": "Manager", "kind": "approver", "stage": 3},
    ],
    "sections": [
        {
            "key": "applicant",
            "title": "About you",
            "role": "customer",
            "fields": [
                {
                    "key": "applicant_type",
                    "component": "radio",
                    "label": "Applicant type",
                    "required": True,
                    "options": [
                        {"value": "person", "label": "Private person"},
                        {"value": "company", "label": "Company"},
                    ],
                },
                {
                    "key": "company_name",
                    "component": "text",
                    "label": "Company name",
                    "required": True,
                    "visible_if": {"==": [{"var": "applicant_type"}, "company"]},
                },
                {"key": "needs_guarantor", "component": "checkbox", "label": "A guarantor signs"},
            ],
        },
        {
            "key": "company_guarantee",
            "title": "Guarantee for a company",
            "role": "guarantor",
            "visible_if": {"==": [{"var": "applicant_type"}, "company"]},
            "fields": [{"key": "guarantor_name", "component": "text", "label": "Your name"}],
        },
    ],
    "document": [{"kind": "paragraph", "html": "<p>Loan to {{ company_name }}.</p>"}],
}


FORMSEAL = [sys.executable, "-m", "runtime.cli"]


def run(settings: Settings, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "FORMSEAL_VAR_DIR": str(settings.var_dir),
        "FORMSEAL_DATABASE_URL": settings.database_url,
        "FORMSEAL_SECRET_KEY": settings.secret_key,
        "FORMSEAL_BASE_URL": settings.base_url,
    }
    return subprocess.run(
        [*FORMSEAL, *args], env=env, input=stdin, capture_output=True, text=True, timeout=120
    )
