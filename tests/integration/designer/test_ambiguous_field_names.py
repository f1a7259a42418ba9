"""With three roles whose signature fields are all called "Your signature", every list the
designer offers a field from (rule pickers, the signature block's field, the table of
answers, merge fields) names them apart, by role, while the fields' own labels stay."""

import re
from typing import Any

from litestar.testing import AsyncTestClient

from designer.logic.labels import choice_labels
from designer.logic.sentences import sentence
from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import definition_of, seeded

ROLES = [("employee", "Employee"), ("manager", "Manager"), ("hr", "HR")]


def _three_signers() -> dict[str, Any]:
    return {
        "name": "Leave request",
        "roles": [
            {"key": key, "name": name, "kind": "signer", "stage": i + 1}
            for i, (key, name) in enumerate(ROLES)
        ],
        "sections": [
            {
                "key": f"{key}_step",
                "title": "Sign",
                "role": key,
                "fields": [
                    {"key": f"{key}_note", "component": "text", "label": f"{name} note"},
                    {"key": f"{key}_sig", "component": "signature", "label": "Your signature"},
                ],
            }
            for key, name in ROLES
        ],
        "document": [
            {
                "kind": "paragraph",
                "html": "<p>Approved.</p>",
                "visible_if": {"and": [{"!": [{"empty": [{"var": "employee_note"}]}]}]},
            },
            {"kind": "signature", "role": "manager"},
            {"kind": "fields"},
        ],
    }


def _texts(html: str, pattern: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(pattern, html)]


def test_a_shared_label_is_told_apart_by_role_then_step_then_key() -> None:
    d = _three_signers()
    logic = {"and": [{"!": [{"empty": [{"var": "manager_sig"}]}]}]}
    assert "Your signature — Manager" in sentence(logic, d, "Show this step")
    names = choice_labels(d)
    assert names["employee_sig"] == "Your signature — Employee"
    assert names["hr_sig"] == "Your signature — HR"
    assert names["manager_note"] == "Manager note"  # unique labels are left as they are
    for s, title in zip(d["sections"], ["Employee sign", "Sign", "Sign"], strict=True):
        s["role"], s["title"] = "employee", title
    names = choice_labels(d)
    assert names["employee_sig"] == "Your signature — employee_sig"
    d["sections"][1]["title"] = "Manager's part"
    d["sections"][2]["title"] = "HR's part"
    assert choice_labels(d)["hr_sig"] == "Your signature — HR's part"


async def test_every_picker_names_the_signatures_apart(
    client: AsyncTestClient, signed_in: str
) -> None:
    token = signed_in
    base = await seeded(client, token, _three_signers())
    wanted = [f"Your signature — {name}" for _, name in ROLES]

    clause = (await client.get(f"{base}/properties?select=block:0", headers=hx(token))).text
    picker = clause.split('id="rb-0-field"', 1)[1].split("</select>", 1)[0]
    assert [t for t in _texts(picker, r"<option[^>]*>([^<]*)</option>") if "signature" in t] == (
        wanted
    )
    merge = clause.split('id="rte-merge"', 1)[1].split("</select>", 1)[0]
    # by its question alone, as the chip in the box reads (labels shared are told apart)
    assert 'value="employee_note" data-label="Employee note">Employee note</option>' in merge

    block = (await client.get(f"{base}/properties?select=block:1", headers=hx(token))).text
    sig = block.split('id="prop-sigfield"', 1)[1].split("</select>", 1)[0]
    assert _texts(sig, r"<option[^>]*>([^<]*)</option>")[1:] == wanted

    table = (await client.get(f"{base}/properties?select=block:2", headers=hx(token))).text
    ticked = _texts(table, r'name="fields" value="[^"]*"> ([^<]*)</label>')
    # a table of answers never lists a signature (the signature blocks hold them): none is
    # offered to tick there, where ticking it changed nothing in the PDF
    assert ticked == [f"{name} note" for _, name in ROLES]

    data = {"_csrf_token": token, "item": "field:hr_note", "do": "add"}
    added = (await client.post(f"{base}/rules", data=data, headers=hx(token))).text
    picker = added.split('id="rb-0-field"', 1)[1].split("</select>", 1)[0]
    offered = _texts(picker, r"<option[^>]*>([^<]*)</option>")
    assert offered[-2:] == ["Manager note", "Your signature — Manager"], offered
    labels = {
        f["key"]: f["label"] for s in (await definition_of(base))["sections"] for f in s["fields"]
    }
    assert labels["hr_sig"] == "Your signature"
