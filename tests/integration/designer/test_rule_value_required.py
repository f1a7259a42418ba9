"""A condition left without its value says what to choose, in the question's own words, and
saves nothing, for every test that compares with a value (text, choice, date, number).

While the author is at the condition (just added, its question or test just changed) that
is a hint, not an error: "Add a condition" showed "Enter the value to compare “Full name”
with." as an error before the author had done anything. It becomes an error once they leave
the condition without its value for another one (Add another condition)."""

import pytest
from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import _definition, definition_of, seeded

SAVED_LATER = "The rule is saved once it is complete."


def hint(said: str) -> str:
    return f'<p class="prop__hint rule-builder__hint" role="status">{said} {SAVED_LATER}</p>'


def error(said: str) -> str:
    return f'<p class="rule-builder__message" role="status" id="rb-message">{said}</p>'


@pytest.mark.parametrize(
    ("field", "op", "said"),
    [
        ("full_name", "eq", "Enter the value to compare “Full name” with."),
        ("full_name", "contains", "Enter the value to compare “Full name” with."),
        ("client_type", "ne", "Choose the value to compare “Client type” with."),
        ("start", "before", "Enter the value to compare “Start date” with."),
        ("start", "age_ge", "Enter the value to compare “Start date” with."),
        ("days", "gt", "Enter the value to compare “Days a month” with."),
    ],
    ids=["text-is", "text-contains", "choice-is-not", "date-before", "date-years-ago", "number"],
)
async def test_a_condition_without_its_value_says_what_to_choose_and_saves_nothing(
    client: AsyncTestClient, signed_in: str, field: str, op: str, said: str
) -> None:
    base = await seeded(client, signed_in, _definition())
    for value in ("", "   "):
        row = {"item": "section:company", "cond_field": field, "cond_op": op, "cond_value": value}
        posted = await client.post(f"{base}/rules", data=row, headers=hx(signed_in))
        assert posted.status_code == 200, posted.text
        assert hint(said) in posted.text
        assert "rule-builder__message" not in posted.text  # not an error while at it
        assert "Finish the condition" not in posted.text
        assert "visible_if" not in (await definition_of(base))["sections"][1]


async def test_add_a_condition_shows_a_hint_not_an_error(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in, _definition())
    added = await client.post(
        f"{base}/rules", data={"item": "section:company", "do": "add"}, headers=hx(signed_in)
    )
    assert added.status_code == 200, added.text
    assert hint("Enter the value to compare “Days a month” with.") in added.text
    assert "rule-builder__message" not in added.text
    assert "visible_if" not in (await definition_of(base))["sections"][1]


async def test_leaving_a_condition_without_its_value_for_another_is_an_error(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in, _definition())
    row = {"item": "section:company", "cond_field": "full_name", "cond_op": "eq"}
    another = await client.post(
        f"{base}/rules", data={**row, "cond_value": "", "do": "add"}, headers=hx(signed_in)
    )
    assert another.status_code == 200, another.text
    assert error("Condition 1: Enter the value to compare “Full name” with.") in another.text
    assert "rule-builder__hint" not in another.text
    assert another.text.count('name="cond_field"') == 2  # the new one is there all the same
    assert "visible_if" not in (await definition_of(base))["sections"][1]

    # a wrong value is an error at once, as before
    days = {"item": "section:company", "cond_field": "days", "cond_op": "gt", "cond_value": "x"}
    wrong = await client.post(f"{base}/rules", data=days, headers=hx(signed_in))
    assert error("“Days a month” is compared with a number: enter a number.") in wrong.text


async def test_enter_in_a_box_saves_and_says_what_is_missing(
    client: AsyncTestClient, signed_in: str
) -> None:
    """Enter submits with the builder's hidden first button (do=save): it asks for the rule
    to be saved, so a value still missing is an error, and no condition is removed."""
    base = await seeded(client, signed_in, _definition())
    page = await client.get(f"{base}/properties?select=section:company", headers=hx(signed_in))
    builder = page.text[page.text.index('<form class="rule-builder"') :]
    first_button = builder[builder.index("<button") :]
    assert first_button.startswith('<button type="submit" name="do" value="save" hidden')

    row = {"item": "section:company", "cond_field": "full_name", "cond_op": "eq"}
    rows = {**row, "cond_field": ["full_name", "days"], "cond_op": ["eq", "gt"]}
    entered = await client.post(
        f"{base}/rules",
        data={**rows, "cond_value": ["Ann", ""], "do": "save"},
        headers=hx(signed_in),
    )
    assert error("Condition 2: Enter the value to compare “Days a month” with.") in entered.text
    assert entered.text.count('name="cond_field"') == 2
    assert "visible_if" not in (await definition_of(base))["sections"][1]
