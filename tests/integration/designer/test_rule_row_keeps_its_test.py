"""Switching a rule row to a field of another type keeps the test's meaning when that type
has it: "is not signed" becomes "is not uploaded" (not "is uploaded", the new type's first
test), "is answered" becomes "is ticked", and the rule saved reads the same."""

import re
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import seeded

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question


def _definition() -> dict[str, Any]:
    return {
        "name": "Claim",
        "roles": [{"key": "buyer", "name": "Buyer", "kind": "signer", "stage": 1}],
        "sections": [
            {
                "key": "claim",
                "title": "Your claim",
                "role": "buyer",
                "fields": [
                    {"key": "sig", "component": "signature", "label": "Signature"},
                    {"key": "proof", "component": "attachment", "label": "Proof"},
                    {"key": "agree", "component": "checkbox", "label": "Agree"},
                    {"key": "ref", "component": "text", "label": "Reference"},
                    {"key": "note", "component": "text", "label": "Note"},
                ],
            }
        ],
    }


def _chosen_test(html: str) -> str:
    builder = html[html.index('id="rule-builder"') :]
    [select] = re.findall(r'<select[^>]*name="cond_op"[^>]*>(.*?)</select>', builder, re.S)
    return re.search(r'<option value="[^"]*" selected>([^<]*)</option>', select).group(1)  # type: ignore[union-attr]


async def test_switching_the_field_keeps_the_test(client: AsyncTestClient, signed_in: str) -> None:
    base = await seeded(client, signed_in, _definition())

    async def switch(field: str, op: str) -> str:
        data = {"item": "field:note", "cond_field": field, "cond_op": op, "cond_value": ""}
        page = await client.post(f"{base}/rules", data=data, headers=hx(signed_in))
        assert page.status_code == 200, page.text
        return page.text

    for was, field, now, sentence in [
        ("not_signed", "proof", "is not uploaded", "“Proof” is not uploaded"),
        ("signed", "proof", "is uploaded", "“Proof” is uploaded"),
        ("not_uploaded", "sig", "is not signed", "“Signature” is not signed"),
        ("empty", "agree", "is not ticked", "“Agree” is not ticked"),
        ("filled", "sig", "is signed", "“Signature” is signed"),
        ("unchecked", "ref", "is not answered", "“Reference” is not answered"),
        ("not_signed", "ref", "is not answered", "“Reference” is not answered"),
        ("ne", "ref", "is not", ""),  # same type's own test stays as it was
    ]:
        page = await switch(field, was)
        assert _chosen_test(page) == now, (was, field)
        if sentence:
            assert f"Show this field when {sentence}" in page, (was, field)
