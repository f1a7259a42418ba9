"""A rule written by hand (through the API or a JSON import) that tests a bare answer —
`{"!": {"var": "billing_same"}}` — opens in the pickers as "is not ticked" / "is not
answered", as its sentence already read; it said "written outside the designer" and could
only be replaced. A number's `!` (0 is false but not empty) still cannot be shown as a picker."""

import re
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import seeded

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question

OUTSIDE = "written outside the designer"


def _definition() -> dict[str, Any]:
    def text(key: str, label: str, rule: Any) -> dict[str, Any]:
        return {"key": key, "component": "text", "label": label, "visible_if": rule}

    return {
        "name": "Order",
        "roles": [{"key": "buyer", "name": "Buyer", "kind": "signer", "stage": 1}],
        "sections": [
            {
                "key": "order",
                "title": "Your order",
                "role": "buyer",
                "fields": [
                    {"key": "billing_same", "component": "checkbox", "label": "Bill the same"},
                    {"key": "po_number", "component": "text", "label": "PO number"},
                    {"key": "seats", "component": "number", "label": "Seats"},
                    text("billing_address", "Billing address", {"!": {"var": "billing_same"}}),
                    text("po_reason", "Why no PO", {"!": [{"var": "po_number"}]}),
                    text("seat_note", "Seat note", {"!": {"var": "seats"}}),
                ],
            }
        ],
    }


def _chosen(html: str, name: str) -> list[str]:
    """The selected option of each <select name=name> of the rule builder."""
    builder = html[html.index('id="rule-builder"') :]
    selects = re.findall(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', builder, re.S)
    return [re.search(r'<option value="([^"]*)" selected', s).group(1) for s in selects]  # type: ignore[union-attr]


async def test_a_hand_written_negation_opens_in_the_pickers(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in, _definition())

    async def props(key: str) -> str:
        page = await client.get(f"{base}/properties?select=field:{key}", headers=hx(signed_in))
        assert page.status_code == 200, page.text
        return page.text

    ticked = await props("billing_address")
    assert OUTSIDE not in ticked
    assert _chosen(ticked, "cond_field") == ["billing_same"]
    assert _chosen(ticked, "cond_op") == ["unchecked"]
    assert "Show this field when “Bill the same” is not ticked" in ticked

    answered = await props("po_reason")
    assert OUTSIDE not in answered
    assert (_chosen(answered, "cond_field"), _chosen(answered, "cond_op")) == (
        ["po_number"],
        ["empty"],
    )

    # 0 seats is "false" to the rule but not empty: no picker says that, so it stays as written
    number = await props("seat_note")
    assert OUTSIDE in number and "Replace it with a new rule" in number
