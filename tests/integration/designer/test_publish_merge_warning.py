"""The publish summary lists a clause that quotes an optional question under "Worth a look",
with a link to the paragraph, and publishing still goes ahead (it is a warning)."""

import copy

from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import Author
from tests.integration.designer.helpers import SIGNED_FORM, seeded


async def test_a_clause_quoting_an_optional_question_is_worth_a_look(
    client: AsyncTestClient, author: Author, signed_in: str
) -> None:
    definition = copy.deepcopy(SIGNED_FORM)
    definition["document"][1]["html"] = (
        "<p>Made with <strong>{{ full_name }}</strong>, a {{ client_type }}.</p>"
    )
    base = await seeded(client, signed_in, definition)
    review = await client.get(f"{base}/publish")
    assert review.status_code == 200
    assert "Worth a look" in review.text
    assert (
        "This paragraph quotes the answer to “Client type”, an optional question: left "
        "empty, it shows as a dash (—) in the signed PDF." in review.text
    )
    assert "the answer to “Full name”" not in review.text  # a required question
    assert "select=block%3A1" in review.text or "select=block:1" in review.text
    published = await client.post(f"{base}/publish", data={"_csrf_token": signed_in})
    assert published.status_code == 303, published.text


async def test_a_clause_whose_rule_may_skip_the_question_it_quotes_is_worth_a_look(
    client: AsyncTestClient, author: Author, signed_in: str
) -> None:
    """'Your company' is asked only of companies; a clause for persons quoting the company
    name would seal 'for —': the summary says so (it said nothing, since the clause's rule
    read Client type), and the same rule as the step quiets it."""
    definition = copy.deepcopy(SIGNED_FORM)
    definition["document"][1] |= {
        "html": "<p>Made for {{ company_name }}.</p>",
        "visible_if": {"==": [{"var": "client_type"}, "person"]},
    }
    base = await seeded(client, signed_in, definition)
    review = await client.get(f"{base}/publish")
    assert review.status_code == 200 and "Worth a look" in review.text
    said = (
        "This paragraph quotes the answer to “Company name”, a required question that is "
        "asked only when Client type is Company, and this paragraph&#39;s rule (Client type is "
        "Person) may not make sure it is asked: when it is not, the signed PDF may show a dash "
        "(—) there. Give this paragraph the same rule, or the rule “Company name is answered”."
    )
    assert said in review.text
    assert "Clause 1 “Made for" in review.text  # the clause is named, and linked
    assert "select=block%3A1" in review.text or "select=block:1" in review.text
    published = await client.post(f"{base}/publish", data={"_csrf_token": signed_in})
    assert published.status_code == 303, published.text  # a warning, not a refusal

    definition["document"][1]["visible_if"] = {"==": [{"var": "client_type"}, "company"]}
    base = await seeded(client, signed_in, definition)
    review = await client.get(f"{base}/publish")
    assert "the answer to “Company name”" not in review.text
