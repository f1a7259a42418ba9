"""An autosave works out the visible steps and the step's fingerprint once when it changes
nothing (runtime/signing/reuse.py), and anew whenever the answers did change: after its
own write, and after losing a compare-and-set to another request (on SQLite and
PostgreSQL)."""

import uuid
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from runtime.signing import drafts, opening, service, windows
from runtime.tables import Recipient
from tests.integration.conftest import Org, open_link, opened_envelope, sent_envelope

FORM = {
    "name": "Membership",
    "roles": [{"key": "customer", "name": "Customer", "stage": 1}],
    "sections": [
        {
            "key": "you",
            "title": "You",
            "role": "customer",
            "fields": [
                {"key": "age", "component": "number", "label": "Age", "required": True},
                {
                    "key": "guardian",
                    "component": "text",
                    "label": "Guardian's name",
                    "visible_if": {"<": [{"var": "age"}, 18]},
                },
            ],
        },
        {
            "key": "school",
            "title": "School",
            "role": "customer",
            "visible_if": {"<": [{"var": "age"}, 18]},
            "fields": [{"key": "school_name", "component": "text", "label": "School"}],
        },
        {
            "key": "sign",
            "title": "Sign",
            "role": "customer",
            "fields": [{"key": "signature", "component": "signature", "label": "Signature"}],
        },
    ],
}
HTMX = {"HX-Request": "true"}


class Counted:
    """How often the conditions (`resolve`) and a step's fingerprint were worked out."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.resolved = self.states = 0
        resolve, state = service.resolve, windows._fingerprint

        def counted_resolve(*args: Any, **kwargs: Any) -> Any:
            self.resolved += 1
            return resolve(*args, **kwargs)

        def counted_state(*args: Any, **kwargs: Any) -> str:
            self.states += 1
            return state(*args, **kwargs)

        monkeypatch.setattr(service, "resolve", counted_resolve)
        monkeypatch.setattr(windows, "_fingerprint", counted_state)

    def reset(self) -> None:
        self.resolved = self.states = 0


async def test_an_autosave_changing_nothing_works_things_out_once(
    client: AsyncTestClient, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = await opened_envelope(client, org, FORM)
    typed = {"age": "30", "__shown": "age"}
    first = await client.post(f"{link}/step/1/draft", data=typed, headers=HTMX)
    assert first.status_code == 200
    counted = Counted(monkeypatch)
    again = await client.post(f"{link}/step/1/draft", data=typed, headers=HTMX)
    # the same answer and the same fingerprint, from one look at the conditions
    assert (again.status_code, again.text) == (200, first.text)
    assert again.headers["X-Formseal-State"] == first.headers["X-Formseal-State"]
    assert (counted.resolved, counted.states) == (1, 1)

    counted.reset()
    young = await client.post(
        f"{link}/step/1/draft", data={"age": "12", "__shown": "age"}, headers=HTMX
    )
    # a changed answer: worked out again after the write, and the guardian's question shows
    assert young.status_code == 200 and 'id="field-guardian"' in young.text
    assert young.headers["X-Formseal-State"] != first.headers["X-Formseal-State"]
    assert (counted.resolved, counted.states) == (2, 2)


async def test_deciding_again_works_out_the_draft_read_again(
    client: AsyncTestClient, org: Org
) -> None:
    """Another request stored answers (a Continue elsewhere) after this one read the draft:
    the draft is as empty as before, the answers are not, and the steps and fingerprint
    come from what was read again, not from what this request first worked out."""
    link, envelope = await sent_envelope(client, org, FORM)
    await open_link(client, link)
    token = link.rsplit("/", 1)[1]
    ctx = await opening.open_context(token)
    section = ctx.sections[0]
    assert [s.key for s in ctx.sections] == ["you", "sign"]
    before = windows.step_state(ctx, section)

    await Recipient.update(
        {Recipient.answers: {"age": 12}, Recipient.draft_version: Recipient.draft_version + 1}
    ).where(Recipient.envelope == uuid.UUID(envelope["id"]))
    states: list[str] = []

    async def decide() -> None:
        states.append(windows.step_state(ctx, ctx.sections[0]))
        await service.save_draft_values(ctx, {})

    await drafts.deciding_again(ctx, decide)
    fresh = await opening.open_context(token)
    assert states[0] == before and states[1] != before  # lost once, then decided anew
    assert states[1] == windows.step_state(fresh, fresh.sections[0])
    assert [s.key for s in ctx.sections] == ["you", "school", "sign"]
    assert service.visible_field_keys(ctx) == service.visible_field_keys(fresh)
    assert "guardian" in service.visible_field_keys(ctx)
