"""Publish pressed in two tabs at the same instant. A never-published draft became two
templates: both answered "published", the library listed the template twice and the one
the draft lost stayed live with no draft to edit it. Now one publish makes version 1 and
the other says what happened, as a second tab's Publish pressed later does.

The two requests run concurrently through the app (httpx on this event loop: Litestar's
test client runs one request at a time), and each waits, after reading the draft, until
the other has read it too: the instant both tabs' clicks land together."""

import asyncio
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from litestar.testing import AsyncTestClient

from designer.publishing import service
from designer.tables import Draft, Publication
from runtime.tables import Template, TemplateVersion
from tests.integration.designer.conftest import Author
from tests.integration.designer.helpers import seeded
from tests.integration.designer.publish_page import (
    error_summary,
    opened_publish_page,
    publish,
    relabel_full_name,
)


async def _publish_twice_at_once(
    client: AsyncTestClient, monkeypatch: pytest.MonkeyPatch, base: str, token: str
) -> list[httpx.Response]:
    opened = await opened_publish_page(client, base)
    read_draft: Callable[..., Any] = service.plan
    both_read = asyncio.Barrier(2)
    reads: list[int] = []

    async def plan_then_wait(*args: Any, **kwargs: Any) -> service.PublishPlan:
        found = await read_draft(*args, **kwargs)
        reads.append(1)
        if len(reads) <= 2:  # each publish's own read (not the page shown after)
            await asyncio.wait_for(both_read.wait(), 10)
        return found

    monkeypatch.setattr(service, "plan", plan_then_wait)
    data = {"_csrf_token": token, **opened}
    transport = httpx.ASGITransport(app=client.app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver.local", cookies=client.cookies
    ) as tabs:
        answers = await asyncio.gather(*(tabs.post(f"{base}/publish", data=data) for _ in "ab"))
    return sorted(answers, key=lambda a: a.status_code)


async def test_a_new_draft_published_from_two_tabs_at_once_is_one_template(
    client: AsyncTestClient, author: Author, signed_in: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = await seeded(client, signed_in)
    won, lost = await _publish_twice_at_once(client, monkeypatch, base, signed_in)

    assert won.status_code == 303, won.text
    assert won.headers["location"].endswith("/versions?published=1")
    assert lost.status_code == 409, lost.text
    said = error_summary(lost.text)
    assert said.startswith("Already published Version 1 was published after you opened")
    assert f"by {author.email}, perhaps in another tab. It already holds this draft" in said

    templates = await Template.select(Template.id).where(
        Template.organisation == author.organisation_id
    )
    assert len(templates) == 1, templates  # not a second, draftless copy in the library
    draft = await Draft.select().where(Draft.id == uuid.UUID(base.rsplit("/", 1)[1])).first()
    assert draft is not None
    assert (draft["template"], draft["published_version"]) == (templates[0]["id"], 1)
    versions = await TemplateVersion.select(TemplateVersion.number).where(
        TemplateVersion.template == templates[0]["id"]
    )
    assert [v["number"] for v in versions] == [1]
    notes = await Publication.select(Publication.version).where(Publication.draft == draft["id"])
    assert [n["version"] for n in notes] == [1]  # one line in Versions, not two


async def test_a_change_published_from_two_tabs_at_once_is_one_version(
    client: AsyncTestClient, author: Author, signed_in: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A later publish already refused a second version 2; it must not be a 500 or two
    lines for one version either."""
    base = await seeded(client, signed_in)
    first = await publish(client, base, signed_in, await opened_publish_page(client, base))
    assert first.status_code == 303, first.text
    changed = await relabel_full_name(client, base, signed_in, "Full legal name")
    assert changed.status_code == 200, changed.text

    won, lost = await _publish_twice_at_once(client, monkeypatch, base, signed_in)
    assert won.status_code == 303, won.text
    assert won.headers["location"].endswith("/versions?published=2")
    assert lost.status_code == 409, lost.text
    said = error_summary(lost.text)
    assert said.startswith(("Already published Version 2 was published", "Not published Another"))
    draft = await Draft.select().where(Draft.id == uuid.UUID(base.rsplit("/", 1)[1])).first()
    assert draft is not None and draft["published_version"] == 2
    notes = await Publication.select(Publication.version).where(Publication.draft == draft["id"])
    assert sorted(n["version"] for n in notes) == [1, 2]
