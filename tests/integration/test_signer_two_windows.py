"""One signing link open in two windows (two tabs, a phone and a laptop), and a double click
on Sign and finish: nothing one window saved is silently written over by the other, and
the second window is told so with a way on (docs/decisions/0005)."""

import asyncio
from dataclasses import replace
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from runtime.signing import service
from tests.integration.conftest import (
    SIGN_STEP,
    Org,
    create_envelope,
    import_template,
    open_link,
    opened_envelope,
    path_of,
)
from tests.integration.helpers import HTMX, state_of

FORM: dict[str, Any] = {
    "name": "Two windows",
    "roles": [{"key": "customer", "name": "Customer", "stage": 1}],
    "sections": [
        {
            "key": "about",
            "title": "About you",
            "role": "customer",
            "fields": [
                {"key": "full_name", "component": "text", "label": "Full name", "required": True},
                {"key": "email", "component": "email", "label": "Email"},
                {"key": "story", "component": "textarea", "label": "Tell us more"},
            ],
        },
        SIGN_STEP,
    ],
}


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_a_second_window_does_not_write_over_the_first_and_is_told(
    client: AsyncTestClient, org: Org
) -> None:
    link = await opened_envelope(client, org, FORM)
    first = state_of((await client.get(f"{link}/step/1")).text)  # window A
    second = state_of((await client.get(f"{link}/step/1")).text)  # window B, same answers

    saved = await client.post(
        f"{link}/step/1/draft",
        data={"__state": first, "full_name": "Alice", "story": "typed in A"},
        headers=HTMX,
    )
    assert saved.status_code == 200
    first = saved.headers["X-Formseal-State"]  # A's page now knows its own save
    again = await client.post(
        f"{link}/step/1/draft",
        data={"__state": first, "full_name": "Alice", "story": "typed in A, more"},
        headers=HTMX,
    )
    assert again.status_code == 200, "a window's own autosaves never conflict"

    # B never saw A's answers: its autosave is refused, with the reason and a way on
    refused = await client.post(
        f"{link}/step/1/draft",
        data={"__state": second, "full_name": "Bob", "story": ""},
        headers=HTMX,
    )
    assert refused.status_code == 409
    assert refused.headers["X-Formseal-Conflict"] == "1"
    assert "changed in another window" in refused.text
    page = await client.get(f"{link}/step/1")
    assert "Alice" in page.text and "typed in A, more" in page.text  # A's answers stand

    # B chooses "Keep the answers on this page": it saves with the fingerprint it was given
    kept = await client.post(
        f"{link}/step/1/draft",
        data={"__state": refused.headers["X-Formseal-State"], "full_name": "Bob", "story": ""},
        headers=HTMX,
    )
    assert kept.status_code == 200
    assert "Bob" in (await client.get(f"{link}/step/1")).text

    # A (stale now) selects Continue: shown what it typed, with a notice; nothing stored
    stale = await client.post(
        f"{link}/step/1", data={"__state": first, "full_name": "Alice", "story": "A"}
    )
    assert stale.status_code == 409
    assert "changed in another window or on another device" in stale.text
    assert 'value="Alice"' in stale.text
    assert "Show the answers saved in the other window" in stale.text
    # Continue again from that page keeps what it shows
    accepted = await client.post(
        f"{link}/step/1",
        data={"__state": state_of(stale.text), "full_name": "Alice", "story": "A"},
    )
    assert accepted.status_code == 303 and accepted.headers["location"].endswith("/step/2")
    review = await client.get(f"{link}/review")
    assert "Alice" in review.text and "Bob" not in review.text


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_signing_after_another_window_changed_the_answers_shows_them_again(
    client: AsyncTestClient, org: Org
) -> None:
    link = await opened_envelope(client, org, FORM)
    for number, data in ((1, {"full_name": "Alice"}), (2, {"signature__typed": "Alice"})):
        answer = await client.post(f"{link}/step/{number}", data=data)
        assert answer.status_code == 303, answer.text
    read = state_of((await client.get(f"{link}/review")).text)  # the review window A read
    changed = await client.post(f"{link}/step/1", data={"full_name": "Mallory"})  # window B
    assert changed.status_code == 303

    signed = await client.post(f"{link}/finish", data={"__state": read})
    assert signed.status_code == 409, "A never saw 'Mallory': it must not sign it unseen"
    assert "Check them again below before you sign" in signed.text and "Mallory" in signed.text
    assert not (await client.get(f"{link}/")).headers["location"].endswith("/done")

    finished = await client.post(f"{link}/finish", data={"__state": state_of(signed.text)})
    assert finished.status_code == 303 and "/done" in finished.headers["location"]


async def test_sign_and_finish_clicked_again_and_again_signs_once_and_always_confirms(
    client: AsyncTestClient, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A double click: the second request loaded the signer before the first finished, so
    the state machine refuses its finishing; it answers with the confirmation all the same,
    as do later ones. Whichever answer the browser shows, it never says "This cannot be
    done now", and the signature is recorded once."""
    template = await import_template(client, org, FORM)
    envelope = await create_envelope(client, org, template["id"], prefill={})
    link = path_of(envelope["recipients"][0]["signing_url"])
    await open_link(client, link)
    for number, data in ((1, {"full_name": "Alice"}), (2, {"signature__typed": "Alice"})):
        assert (await client.post(f"{link}/step/{number}", data=data)).status_code == 303
    original = service.finish

    async def first_click_wins(ctx: Any, ip: str, user_agent: str) -> None:
        other = replace(ctx, recipient=dict(ctx.recipient), envelope=dict(ctx.envelope))
        await original(other, ip, user_agent)  # the other click, between load and finish
        await original(ctx, ip, user_agent)

    monkeypatch.setattr(service, "finish", first_click_wins)
    answer = await client.post(f"{link}/finish")
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"].endswith("/done?finished=1")
    monkeypatch.undo()

    more = await asyncio.gather(*(client.post(f"{link}/finish") for _ in range(3)))
    assert [a.status_code for a in more] == [303, 303, 303], [a.text[:300] for a in more]
    assert all(a.headers["location"].endswith("/done?finished=1") for a in more)
    trail = await client.get(f"/api/v1/envelopes/{envelope['id']}/audit", headers=org.auth)
    actions = [e["action"] for e in trail.json()["events"]]
    assert actions.count("recipient.completed") == 1


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_a_window_left_behind_leads_on_after_signing_or_declining(
    client: AsyncTestClient, org: Org
) -> None:
    """Continue in a window left open after signing in another leads to the confirmation;
    a second Decline (double click, another window) shows the declined page again, with
    one decline recorded, instead of "This document is closed"."""
    link = await opened_envelope(client, org, FORM)
    for number, data in ((1, {"full_name": "Alice"}), (2, {"signature__typed": "Alice"})):
        assert (await client.post(f"{link}/step/{number}", data=data)).status_code == 303
    assert (await client.post(f"{link}/finish")).status_code == 303
    late = await client.post(f"{link}/step/1", data={"full_name": "Alicia"})
    assert late.status_code == 303 and late.headers["location"] == f"{link}/done"

    template = await import_template(client, org, FORM)
    envelope = await create_envelope(client, org, template["id"], prefill={})
    other = path_of(envelope["recipients"][0]["signing_url"])
    await open_link(client, other)
    for _ in range(2):
        declined = await client.post(f"{other}/decline", data={"reason": "Wrong price"})
        assert declined.status_code == 303 and declined.headers["location"] == f"{other}/"
    page = await client.get(f"{other}/")
    assert page.status_code == 200 and "You declined to sign" in page.text
    trail = await client.get(f"/api/v1/envelopes/{envelope['id']}/audit", headers=org.auth)
    assert [e["action"] for e in trail.json()["events"]].count("recipient.declined") == 1


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_an_autosave_works_out_the_fingerprint_once_after_saving(
    client: AsyncTestClient, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before the save (is it another window's?) and after it (the answer's header, which
    the fields partial needs no copy of): twice, not three times, per autosave."""
    from runtime.signing import windows

    link = await opened_envelope(client, org, FORM)
    first = state_of((await client.get(f"{link}/step/1")).text)
    calls: list[str] = []
    real = windows.step_state

    def counted(*args: Any) -> str:
        calls.append(real(*args))
        return calls[-1]

    monkeypatch.setattr(windows, "step_state", counted)
    saved = await client.post(
        f"{link}/step/1/draft", data={"__state": first, "full_name": "Alice"}, headers=HTMX
    )
    assert saved.status_code == 200 and len(calls) == 2
    monkeypatch.undo()
    page = (await client.get(f"{link}/step/1")).text
    assert saved.headers["X-Formseal-State"] == calls[-1] == state_of(page)
