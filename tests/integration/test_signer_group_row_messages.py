"""What a repeating group tells the signer about its rows: a value not worked out yet,
a group that is full, and an empty required row's questions."""

import json

from litestar.testing import AsyncTestClient

from tests.integration.conftest import SIGN_STEP, Org, opened_envelope
from tests.integration.helpers import BOARD

ORDER = {
    "name": "Order",
    "roles": [{"key": "customer", "name": "Customer", "stage": 1}],
    "sections": [
        {
            "key": "order",
            "title": "Order",
            "role": "customer",
            "fields": [
                {"key": "seats", "component": "number", "label": "Seats"},
                {"key": "price", "component": "number", "label": "Price"},
                {
                    "key": "total",
                    "component": "computed",
                    "label": "Total",
                    "expression": {"*": [{"var": "seats"}, {"var": "price"}]},
                },
            ],
        },
        SIGN_STEP,
    ],
}


async def test_a_value_not_worked_out_yet_reads_as_a_hint(
    client: AsyncTestClient, org: Org
) -> None:
    """Before its answers, a computed value's placeholder is muted (it was as large and
    bold as a value, so "Worked out from your answers" read like the answer)."""
    link = await opened_envelope(client, org, ORDER)
    empty = await client.get(f"{link}/step/1")
    assert (
        '<p class="computed-value computed-value--empty" aria-live="polite">'
        "Worked out from your answers</p>"
    ) in empty.text
    css = await client.get("/static/formseal.css")
    assert ".computed-value--empty { font-size: 1rem; font-weight: 400;" in css.text
    answered = await client.post(
        f"{link}/step/1/draft", data={"seats": "3", "price": "12.5", "__shown": "seats price"}
    )
    # two places, the computed value's default `decimals` (docs/template-language.md)
    assert '<p class="computed-value" aria-live="polite">37.50</p>' in answered.text


async def test_a_full_group_says_why_there_is_no_add_another(
    client: AsyncTestClient, org: Org
) -> None:
    """At its max_rows the group's "Add another director" goes; the page says why instead
    of leaving the signer to look for it."""
    definition = json.loads(json.dumps(BOARD))
    definition["sections"][0]["fields"][0]["validation"]["max_rows"] = 2
    link = await opened_envelope(client, org, definition)
    one = (await client.get(f"{link}/step/1")).text
    assert "Add another director" in one and "You cannot add more than" not in one
    added = await client.post(
        f"{link}/step/1", data={"directors__0__name": "Ann", "directors__add": "1"}
    )
    assert added.status_code == 303
    two = (await client.get(f"{link}/step/1")).text
    assert "Add another director" not in two
    assert '<p class="muted group-full">You cannot add more than 2.</p>' in two


async def test_an_empty_required_row_names_its_questions(client: AsyncTestClient, org: Org) -> None:
    """Continue with Director 1's boxes empty: "Director 1: Enter name", linked to its box,
    instead of "Add at least 1 director" under the Director 1 the page shows."""
    link = await opened_envelope(client, org, BOARD)
    step = await client.post(
        f"{link}/step/1",
        data={"directors__0__name": "", "directors__0__signature__typed": ""},
    )
    assert step.status_code == 422
    summary = step.text.split('class="error-summary__list"')[1].split("</ul>")[0]
    assert '<a href="#field-directors__0__name">Director 1: Enter name</a>' in summary
    assert "Add at least" not in step.text
