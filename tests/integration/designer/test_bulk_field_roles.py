"""The bulk-send check names the role of each field a column fills in when the template
has more than one role ("Employee · Start date"): "Fill in: Start date" did not say whose
question the column answers, and two roles may each be asked their own "Start date"."""

import html
import re
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from tests.integration.designer.conftest import Author, sign_in

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question


def _role(key: str, name: str, stage: int, fields: list[dict[str, Any]]) -> tuple[dict, dict]:
    role = {"key": key, "name": name, "kind": "signer", "stage": stage}
    section = {
        "key": key,
        "title": f"{name} details",
        "role": key,
        "fields": [
            *fields,
            {"key": f"{key}_sig", "component": "signature", "label": "Signature", "required": True},
        ],
    }
    return role, section


def _definition(*, two_roles: bool) -> dict[str, Any]:
    api = {"source": "api"}
    roles = [
        _role(
            "employee",
            "Employee",
            1,
            [{"key": "start_date", "component": "date", "label": "Start date", "prefill": api}],
        )
    ]
    if two_roles:
        roles.append(
            _role(
                "manager",
                "Manager",
                2,
                [
                    {
                        "key": "team_start",
                        "component": "date",
                        "label": "Start date",
                        "prefill": api,
                    },
                    {
                        "key": "cost_centre",
                        "component": "text",
                        "label": "Cost centre",
                        "prefill": api,
                    },
                ],
            )
        )
    return {
        "name": "Onboarding",
        "roles": [r for r, _ in roles],
        "sections": [s for _, s in roles],
        "document": [
            {"kind": "paragraph", "html": "<p>Welcome.</p>"},
            *({"kind": "signature", "role": r["key"]} for r, _ in roles),
        ],
    }


async def _check_page(client: AsyncTestClient, author: Author, definition: dict, csv: str) -> str:
    token = await sign_in(client, author)
    key = await create_api_key(author.organisation_id, "t")
    made = await client.post(
        "/api/v1/templates", json=definition, headers={"Authorization": f"Bearer {key}"}
    )
    assert made.status_code == 201, made.text
    uploaded = await client.post(
        f"/designer/bulk-sends/new?template_id={made.json()['id']}",
        files={"file": ("people.csv", csv.encode(), "text/csv")},
        data={"_csrf_token": token},
    )
    assert uploaded.status_code == 303, uploaded.text
    page = await client.get(uploaded.headers["location"])
    assert page.status_code == 200, page.text
    return html.unescape(page.text)


def _fill_in_rows(page: str) -> list[str]:
    return re.findall(r'<label for="map-prefill-\w+">Fill in: ([^<]*)</label>', page)


def _filled_in(page: str) -> list[str]:
    sample = page[page.index('id="sample-heading"') :]
    (first,) = re.findall(r"<tr><td[^>]*>2</td>.*?</tr>", sample, re.S)[:1]
    return re.findall(r"<div>([^<]*)</div>", first.split("</td>", 2)[2])


async def test_each_field_names_its_role_with_two_roles(
    client: AsyncTestClient, author: Author
) -> None:
    csv = (
        "Employee name,Employee email,Manager name,Manager email,Start date,Cost centre\n"
        "Ann,ann@example.com,Bo,bo@example.com,2027-01-04,CC-12\n"
    )
    page = await _check_page(client, author, _definition(two_roles=True), csv)
    assert _fill_in_rows(page) == [
        "Employee · Start date",
        "Manager · Start date",
        "Manager · Cost centre",
    ]
    filled = _filled_in(page)
    assert "Manager · Cost centre: CC-12" in filled, filled
    assert any(f.startswith("Employee · Start date: ") for f in filled), filled


async def test_one_role_keeps_the_fields_own_labels(
    client: AsyncTestClient, author: Author
) -> None:
    csv = "Employee name,Employee email,Start date\nAnn,ann@example.com,2027-01-04\n"
    page = await _check_page(client, author, _definition(two_roles=False), csv)
    assert _fill_in_rows(page) == ["Start date"]
    assert _filled_in(page) == ["Start date: 2027-01-04"]
