"""A field's default answer is the wizard's starting value, over HTTP.

It shows until the signer has met the field: an answer (prefill included, which wins),
a draft (a cleared field stays empty) or a value just posted.
"""

import uuid

from litestar.testing import AsyncTestClient

from runtime.tables import Recipient
from tests.integration.conftest import (
    Org,
    create_envelope,
    import_template,
    open_link,
    path_of,
    value_of,
)
from tests.integration.helpers import _ticked

CHOICES = [{"value": "a", "label": "Alpha"}, {"value": "b", "label": "Beta"}]
DEFINITION = {
    "name": "Defaults",
    "roles": [{"key": "member", "name": "Member"}],
    "sections": [
        {
            "key": "you",
            "title": "You",
            "role": "member",
            "fields": [
                {"key": "nickname", "component": "text", "label": "Nickname", "default": "Ace"},
                {"key": "notes", "component": "textarea", "label": "Notes", "default": "None"},
                {"key": "seats", "component": "number", "label": "Seats", "default": 3},
                {
                    "key": "budget",
                    "component": "money",
                    "label": "Budget",
                    "default": "1,250.5",
                    "validation": {"currency": "EUR"},
                },
                {"key": "start", "component": "date", "label": "Start", "default": "31/01/2027"},
                {"key": "mail", "component": "email", "label": "Email", "default": "a@b.example"},
                {
                    "key": "phone",
                    "component": "phone",
                    "label": "Phone",
                    "default": "0912 345 678",
                    "validation": {"default_region": "VN"},
                },
                {
                    "key": "plan",
                    "component": "select",
                    "label": "Plan",
                    "options": CHOICES,
                    "default": "Beta",  # an option's label names its value
                },
                {
                    "key": "size",
                    "component": "radio",
                    "label": "Size",
                    "options": CHOICES,
                    "default": "a",
                },
                {
                    "key": "extras",
                    "component": "multiselect",
                    "label": "Extras",
                    "options": CHOICES,
                    "default": "a, Beta",  # as the designer's one-line box stores it
                },
                {"key": "news", "component": "checkbox", "label": "Send news", "default": True},
                {
                    "key": "topics",
                    "component": "text",
                    "label": "Topics",
                    "default": "All",
                    "visible_if": {"==": [{"var": "news"}, True]},
                },
                {
                    "key": "city",
                    "component": "text",
                    "label": "City",
                    "default": "Hanoi",
                    "prefill": {"source": "api"},
                },
            ],
        },
        {
            "key": "sign",
            "title": "Sign",
            "role": "member",
            "fields": [
                {"key": "signature", "component": "signature", "label": "Sign", "required": True}
            ],
        },
    ],
}
# what a browser posts for step 1 when the signer changes nothing
UNCHANGED = {
    "nickname": "Ace",
    "notes": "None",
    "seats": "3",
    "budget": "1250.50",
    "start": "2027-01-31",
    "mail": "a@b.example",
    "phone": "+84912345678",
    "plan": "b",
    "size": "a",
    "extras": ["a", "b"],
    "news": "yes",
    "topics": "All",
    "city": "Da Nang",
}


async def _link(client: AsyncTestClient, org: Org) -> tuple[str, str]:
    template = await import_template(client, org, DEFINITION)
    envelope = await create_envelope(
        client,
        org,
        template["id"],
        recipients=[{"role": "member", "name": "Jo", "email": "jo@example.com"}],
        prefill={"city": "Da Nang"},
    )
    return envelope["id"], path_of(envelope["recipients"][0]["signing_url"])


async def _recipient(envelope_id: str) -> dict:
    row = await (
        Recipient.select(Recipient.draft, Recipient.answers)
        .where(Recipient.envelope == uuid.UUID(envelope_id))
        .output(load_json=True)
        .first()
    )
    assert row is not None
    return row


async def test_the_step_starts_with_each_default_and_continue_stores_it(
    client: AsyncTestClient, org: Org
) -> None:
    envelope_id, link = await _link(client, org)
    page = await open_link(client, link)
    html = page.text
    assert page.status_code == 200 and "Step 1 of 3" in html
    assert value_of(html, "nickname") == "Ace" and ">None</textarea>" in html
    assert (
        value_of(html, "seats") == "3" and value_of(html, "budget") == "1,250.50"
    )  # as the page writes amounts
    assert value_of(html, "start") == "2027-01-31" and value_of(html, "mail") == "a@b.example"
    assert value_of(html, "phone") == "+84912345678"
    assert '<option value="b" selected>' in html and '<option value="a" selected>' not in html
    assert _ticked(html, "size", "a") and not _ticked(html, "size", "b")
    assert _ticked(html, "extras", "a") and _ticked(html, "extras", "b")
    assert _ticked(html, "news", "yes")
    # conditions read the default too: the ticked box shows the question it controls
    assert 'id="field-topics"' in html and value_of(html, "topics") == "All"
    # a value the API gave wins over the default
    assert value_of(html, "city") == "Da Nang"

    done = await client.post(f"{link}/step/1", data={**UNCHANGED, "__shown": " ".join(UNCHANGED)})
    assert done.status_code == 303 and done.headers["location"] == f"{link}/step/2"
    row = await _recipient(envelope_id)
    assert row["answers"] == {
        "nickname": "Ace",
        "notes": "None",
        "seats": 3,
        "budget": {"amount": "1250.50", "currency": "EUR"},
        "start": "2027-01-31",
        "mail": "a@b.example",
        "phone": "+84912345678",
        "plan": "b",
        "size": "a",
        "extras": ["a", "b"],
        "news": True,
        "topics": "All",
        "city": "Da Nang",
    }


async def test_a_default_the_signer_emptied_stays_empty(client: AsyncTestClient, org: Org) -> None:
    envelope_id, link = await _link(client, org)
    await open_link(client, link)
    shown = " ".join(UNCHANGED)
    # autosave: the name cleared, the box unticked (a tick box posts nothing then)
    typed = {**UNCHANGED, "nickname": "", "__shown": shown}
    del typed["news"]
    saved = await client.post(f"{link}/step/1/draft", data=typed, headers={"HX-Request": "true"})
    assert saved.status_code == 200
    again = await client.get(f"{link}/step/1")
    assert value_of(again.text, "nickname") == "" and not _ticked(again.text, "news", "yes")
    assert 'id="field-topics"' not in again.text  # hidden now the box is unticked

    # Continue with them empty: going back shows them empty, not the default again
    del typed["topics"]
    done = await client.post(f"{link}/step/1", data={**typed, "__shown": shown})
    assert done.status_code == 303
    row = await _recipient(envelope_id)
    assert "nickname" not in row["answers"] and "news" not in row["answers"]
    back = await client.get(f"{link}/step/1")
    assert value_of(back.text, "nickname") == "" and not _ticked(back.text, "news", "yes")
    assert value_of(back.text, "seats") == "3"  # kept as answered

    # ticking the box again shows its question with its default (never answered)
    ticked = await client.post(
        f"{link}/step/1/draft",
        data={**typed, "news": "yes", "__shown": shown.replace(" topics", "")},
        headers={"HX-Request": "true"},
    )
    assert 'id="field-topics"' in ticked.text and value_of(ticked.text, "topics") == "All"
