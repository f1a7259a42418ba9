"""A Continue refused (a required answer missing) and the same page's autosave of the same
answers, in either order: neither is "changed in another window". The autosave that was
still pending as Continue left the page reached the server after the Continue had stored
its answers and got a 409; an autosave that got there first made the Continue a 409 page
("These answers were also changed in another window…") for a signer with one window."""

from typing import Any

from litestar.testing import AsyncTestClient

from tests.integration.conftest import SIGN_STEP, Org, opened_envelope
from tests.integration.helpers import HTMX, state_of

FORM: dict[str, Any] = {
    "name": "Refused continue",
    "roles": [{"key": "customer", "name": "Customer", "stage": 1}],
    "sections": [
        {
            "key": "about",
            "title": "About you",
            "role": "customer",
            "fields": [
                {"key": "full_name", "component": "text", "label": "Full name", "required": True},
                {"key": "city", "component": "text", "label": "City", "required": True},
                {"key": "postcode", "component": "text", "label": "Postcode", "required": True},
            ],
        },
        SIGN_STEP,
    ],
}
TYPED = {"full_name": "Alex Example", "city": "Lyon", "postcode": ""}


async def test_the_autosave_after_a_refused_continue_is_saved(
    client: AsyncTestClient, org: Org
) -> None:
    link = await opened_envelope(client, org, FORM)
    opened = state_of((await client.get(f"{link}/step/1")).text)

    refused = await client.post(f"{link}/step/1", data={"__state": opened, **TYPED})
    assert refused.status_code == 422
    assert "Enter postcode" in refused.text and "another window" not in refused.text
    assert state_of(refused.text) != opened  # the re-rendered page knows the new answers

    # the old page's autosave, sent as it left: the same answers, the old fingerprint
    late = await client.post(
        f"{link}/step/1/draft", data={"__state": opened, **TYPED}, headers=HTMX
    )
    assert late.status_code == 200, late.text
    assert "X-Formseal-Conflict" not in late.headers
    assert late.headers["X-Formseal-State"] == state_of(refused.text)

    # and the re-rendered page's own autosave goes on as usual
    typed = await client.post(
        f"{link}/step/1/draft",
        data={"__state": state_of(refused.text), **TYPED, "postcode": "69001"},
        headers=HTMX,
    )
    assert typed.status_code == 200
    assert "69001" in (await client.get(f"{link}/step/1")).text


async def test_a_continue_after_its_own_autosave_is_judged_not_refused(
    client: AsyncTestClient, org: Org
) -> None:
    link = await opened_envelope(client, org, FORM)
    opened = state_of((await client.get(f"{link}/step/1")).text)
    saved = await client.post(
        f"{link}/step/1/draft", data={"__state": opened, **TYPED}, headers=HTMX
    )
    assert saved.status_code == 200

    # the Continue sent with the page's fingerprint from before that autosave answered
    step = await client.post(f"{link}/step/1", data={"__state": opened, **TYPED})
    assert step.status_code == 422
    assert "Enter postcode" in step.text and "another window" not in step.text


async def test_other_answers_from_an_older_page_are_still_refused(
    client: AsyncTestClient, org: Org
) -> None:
    link = await opened_envelope(client, org, FORM)
    opened = state_of((await client.get(f"{link}/step/1")).text)
    refused = await client.post(f"{link}/step/1", data={"__state": opened, **TYPED})
    assert refused.status_code == 422

    other = await client.post(
        f"{link}/step/1/draft",
        data={"__state": opened, **TYPED, "city": "Paris"},
        headers=HTMX,
    )
    assert other.status_code == 409 and other.headers["X-Formseal-Conflict"] == "1"
    assert "Lyon" in (await client.get(f"{link}/step/1")).text
