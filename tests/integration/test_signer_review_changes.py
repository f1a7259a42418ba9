"""Check your answers lists the answers under each step's title; changing one: when the
change brings up questions the signer has not answered yet, Continue takes them there
first, not back to the review."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import SIGN_STEP, Org, opened_envelope

KINDS = [{"value": "company", "label": "A company"}, {"value": "person", "label": "Myself"}]
LOAN = {
    "name": "Loan",
    "roles": [{"key": "customer", "name": "Customer", "stage": 1}],
    "sections": [
        {
            "key": "you",
            "title": "About you",
            "role": "customer",
            "fields": [
                {"key": "kind", "component": "radio", "label": "Borrowing for", "options": KINDS}
            ],
        },
        {
            "key": "company",
            "title": "Your company",
            "role": "customer",
            "visible_if": {"==": [{"var": "kind"}, "company"]},
            "fields": [
                {"key": "reg_no", "component": "text", "label": "Registration", "required": True}
            ],
        },
        SIGN_STEP,
    ],
    "document": [{"kind": "fields"}],
}


async def test_a_change_that_adds_a_step_leads_through_it_before_the_review(
    client: AsyncTestClient, org: Org
) -> None:
    link = await opened_envelope(client, org, LOAN)
    first = await client.post(f"{link}/step/1", data={"kind": "person"})
    assert first.headers["location"] == f"{link}/step/2"  # the Sign step: no company step
    signed = await client.post(f"{link}/step/2", data={"signature__typed": "Bea"})
    assert signed.headers["location"] == f"{link}/review"

    changed = await client.post(f"{link}/step/1?return=review", data={"kind": "company"})
    assert changed.status_code == 303
    assert changed.headers["location"] == f"{link}/step/2?return=review"
    page = await client.get(f"{link}/step/2?return=review")
    assert "Your company" in page.text
    assert "There is a problem" not in page.text  # asked, not scolded
    done = await client.post(f"{link}/step/2?return=review", data={"reg_no": "0123"})
    assert done.headers["location"] == f"{link}/review"
    review = (await client.get(f"{link}/review")).text
    # the answers are listed step by step, under each step's title
    headings = [h.split("</h2>")[0] for h in review.split('<h2 class="summary-heading">')[1:]]
    assert headings == ["About you", "Your company", "Sign"]
    assert review.index("Registration") > review.index("Your company") > review.index("A company")

    # a change that adds nothing new still goes straight back
    again = await client.post(f"{link}/step/1?return=review", data={"kind": "company"})
    assert again.headers["location"] == f"{link}/review"


async def test_opening_the_review_early_leads_to_the_first_step_still_to_answer(
    client: AsyncTestClient, org: Org
) -> None:
    """Check your answers opened by URL before the steps are done would only end in Sign and
    finish sending the signer back: it leads to the first step that needs answers instead."""
    link = await opened_envelope(client, org, LOAN)
    await client.post(f"{link}/step/1", data={"kind": "company"})  # the company step now shows

    early = await client.get(f"{link}/review")
    assert early.status_code == 303
    assert early.headers["location"] == f"{link}/step/2"  # Registration is required
    page = await client.get(early.headers["location"])
    assert "Your company" in page.text
    assert "There is a problem" not in page.text  # asked, not scolded

    await client.post(f"{link}/step/2", data={"reg_no": "0123"})
    review = await client.get(f"{link}/review")  # the rest is optional: the review shows
    assert review.status_code == 200
    assert "Check your answers" in review.text
