"""Without JavaScript, an answer that makes a note or a computed value appear on its step
adds nothing to answer: Continue goes on. It stopped the signer on the same step with
"Your answers added more questions to this step", over a note they could only read."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, csrf_from, open_link, sent_envelope

DEFINITION = {
    "name": "Revealed notes",
    "roles": [{"key": "customer", "name": "Customer"}],
    "sections": [
        {
            "key": "you",
            "title": "About you",
            "role": "customer",
            "fields": [
                {"key": "born", "component": "date", "label": "Date of birth", "required": True},
                {
                    "key": "minor",
                    "component": "paragraph",
                    "label": "You are under 18: a guardian must sign too.",
                    "visible_if": {"<": [{"age": [{"var": "born"}]}, 18]},
                },
                {
                    "key": "seats",
                    "component": "number",
                    "label": "Seats",
                },
                {
                    "key": "price",
                    "component": "computed",
                    "label": "Price",
                    "expression": {"*": [{"var": "seats"}, 10]},
                    "visible_if": {">": [{"var": "seats"}, 1]},
                },
                {
                    "key": "why",
                    "component": "text",
                    "label": "Why so many seats?",
                    "visible_if": {">": [{"var": "seats"}, 5]},
                },
            ],
        },
        {
            "key": "sign",
            "title": "Sign",
            "role": "customer",
            "fields": [{"key": "sig", "component": "signature", "label": "Sign", "required": True}],
        },
    ],
}
SHOWN = "born seats"


async def test_a_note_or_computed_value_revealed_is_not_a_question(
    client: AsyncTestClient, org: Org
) -> None:
    link, _ = await sent_envelope(client, org, DEFINITION)
    page = await open_link(client, link)
    token = csrf_from(page.text)
    data = {"_csrf_token": token, "born": "2015-03-01", "seats": "2", "__shown": SHOWN}
    done = await client.post(f"{link}/step/1", data=data)
    assert done.status_code == 303, "added more questions" in done.text
    assert done.headers["location"] == f"{link}/step/2"


async def test_a_question_revealed_is_still_asked(client: AsyncTestClient, org: Org) -> None:
    link, _ = await sent_envelope(client, org, DEFINITION)
    page = await open_link(client, link)
    token = csrf_from(page.text)
    data = {"_csrf_token": token, "born": "1990-03-01", "seats": "6", "__shown": SHOWN}
    again = await client.post(f"{link}/step/1", data=data)
    assert again.status_code == 200
    assert "Your answers added more questions to this step" in again.text
    assert 'id="field-why"' in again.text
