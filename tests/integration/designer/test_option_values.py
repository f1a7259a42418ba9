"""Authors type option labels only: values follow them until published, then stay, and the
rules naming an option follow its value (through the editor's routes)."""

from typing import Any

from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import definition_of, seeded

PANEL = {"prefill_source": "", "owner": "client", "help": "", "label": "Paying by"}


async def _options(client: AsyncTestClient, token: str, base: str, text: str) -> Any:
    response = await client.post(
        f"{base}/properties",
        data={**PANEL, "item": "field:paying_by", "key": "paying_by", "options": text},
        headers=hx(token),
    )
    assert response.status_code == 200, response.text
    return response


def _field(d: dict[str, Any], key: str) -> dict[str, Any]:
    return next(f for s in d["sections"] for f in s["fields"] if f["key"] == key)


async def test_option_values_follow_labels_until_published(
    client: AsyncTestClient, signed_in: str
) -> None:
    token = signed_in
    base = await seeded(client, token)
    await client.post(
        f"{base}/fields", data={"component": "radio", "section": "details"}, headers=hx(token)
    )
    panel = await client.get(f"{base}/properties?select=field:radio_buttons")
    assert "Option 1\nOption 2</textarea>" in panel.text  # no `option_1 | Option 1`
    assert "Values sent to the API" in panel.text
    saved = await client.post(
        f"{base}/properties",
        data={
            **PANEL,
            "item": "field:radio_buttons",
            "key": "radio_buttons",
            "options": "Card\nBank transfer",
        },
        headers=hx(token),
    )
    assert "<code>bank_transfer</code>" in saved.text  # the list for integrators follows
    rule = await client.post(
        f"{base}/rules",
        data={
            "item": "field:full_name",
            "cond_field": "paying_by",
            "cond_op": "eq",
            "cond_value": "bank_transfer",
            "combinator": "all",
        },
        headers=hx(token),
    )
    assert rule.status_code == 200, rule.text

    await _options(client, token, base, "Card\nWire transfer")  # reworded before publishing
    d = await definition_of(base)
    assert _field(d, "paying_by")["options"] == [
        {"value": "card", "label": "Card"},
        {"value": "wire_transfer", "label": "Wire transfer"},
    ]
    rule_now = {"and": [{"==": [{"var": "paying_by"}, "wire_transfer"]}]}
    assert _field(d, "full_name")["visible_if"] == rule_now

    published = await client.post(f"{base}/publish", data={"_csrf_token": token})
    assert published.status_code == 303, published.text
    saved = await _options(client, token, base, "Credit card\nWire transfer\nCash")
    d = await definition_of(base)
    assert _field(d, "paying_by")["options"] == [
        {"value": "card", "label": "Credit card"},  # answers already given keep working
        {"value": "wire_transfer", "label": "Wire transfer"},
        {"value": "cash", "label": "Cash"},
    ]
    assert _field(d, "full_name")["visible_if"] == rule_now
    panel = await client.get(f"{base}/properties?select=field:paying_by")
    assert "answers already given keep working" in panel.text


async def test_a_published_field_keeps_its_values_after_its_key_changed(
    client: AsyncTestClient, signed_in: str
) -> None:
    token = signed_in
    base = await seeded(client, token)
    published = await client.post(f"{base}/publish", data={"_csrf_token": token})
    assert published.status_code == 303, published.text
    panel = {**PANEL, "label": "Client kind", "options": "Person\nCompany"}
    renamed = await client.post(
        f"{base}/properties",
        data={**panel, "item": "field:client_type", "key": "client_kind"},
        headers=hx(token),
    )
    assert renamed.status_code == 200, renamed.text
    reworded = await client.post(
        f"{base}/properties",
        data={
            **panel,
            "item": "field:client_kind",
            "key": "client_kind",
            "label": "Customer kind",
            "options": "Individual\nLimited company",
        },
        headers=hx(token),
    )
    assert reworded.status_code == 200, reworded.text
    d = await definition_of(base)
    assert _field(d, "client_kind")["options"] == [  # neither values nor key follow
        {"value": "person", "label": "Individual"},
        {"value": "company", "label": "Limited company"},
    ]
    company_step = next(s for s in d["sections"] if s["key"] == "company")
    assert company_step["visible_if"] == {"and": [{"==": [{"var": "client_kind"}, "company"]}]}


async def test_an_option_or_a_column_written_twice_is_refused_beside_its_box(
    client: AsyncTestClient, signed_in: str
) -> None:
    """A supplier form's author pasted "Limited company" twice: the signer's list showed two
    identical choices (stored as limited_company and limited_company_2), and a repeating
    group two "Full name" columns, with nothing said. The change is refused instead."""
    token = signed_in
    base = await seeded(client, token)
    before = _field(await definition_of(base), "client_type")["options"]
    twice = await client.post(
        f"{base}/properties",
        data={
            **PANEL,
            "label": "Client type",
            "item": "field:client_type",
            "key": "client_type",
            "options": "Limited company\nSole trader\nlimited  company",
        },
        headers=hx(token),
    )
    assert twice.status_code == 422, twice.text
    assert "“limited company” is written twice" in twice.text
    assert "signers could not tell the two options apart" in twice.text
    assert _field(await definition_of(base), "client_type")["options"] == before

    await client.post(
        f"{base}/fields", data={"component": "group", "section": "details"}, headers=hx(token)
    )
    group = {
        "prefill_source": "",
        "owner": "client",
        "help": "",
        "label": "Directors",
        "item": "field:repeating_group",
        "key": "repeating_group",
    }
    columns = "Full name\nDate of birth | date\nFull name *"
    refused = await client.post(
        f"{base}/properties", data={**group, "columns": columns}, headers=hx(token)
    )
    assert refused.status_code == 422, refused.text
    assert "“Full name” is written twice" in refused.text
    assert "two columns apart" in refused.text
    kept = await client.post(
        f"{base}/properties",
        data={**group, "columns": "Full name\nDate of birth | date"},
        headers=hx(token),
    )
    assert kept.status_code == 200, kept.text
    labels = [c["label"] for c in _field(await definition_of(base), "directors")["fields"]]
    assert labels == ["Full name", "Date of birth"]
