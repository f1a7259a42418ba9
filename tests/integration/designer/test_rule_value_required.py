"""A condition left without its value says what to choose, in the question's own words, and
saves nothing, for every test that compares with a value (text, choice, date, number). The
builder's other message for it ("Finish the condition (choose a value); the rule is saved
once it is complete.") could never be shown: the rule is refused before that check was
reached, so the check and its words are gone."""

import pytest
from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import definition_of, seeded
from tests.integration.designer.test_step_rule_starts_before_it import _definition


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
        assert f'<p class="rule-builder__message" role="status">{said}</p>' in posted.text
        assert "Finish the condition" not in posted.text
        assert "visible_if" not in (await definition_of(base))["sections"][1]
