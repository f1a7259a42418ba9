"""Publishing from a page opened before something changed elsewhere (two tabs, two authors)
says what happened and where to look, on the publish page itself. Publishing in a second
tab after the first read "Not published: Nothing changed since version 1.", as if the
author's publish had failed; the others read "Review it again." or the engine's words for
API clients ("Publish again to make yours the next version (the same definition publishes
nothing)")."""

import pytest
from litestar.testing import AsyncTestClient

from designer.publishing import service
from runtime.errors import Conflict
from tests.integration.designer.conftest import Author
from tests.integration.designer.helpers import seeded
from tests.integration.designer.publish_page import (
    error_summary,
    opened_publish_page,
    publish,
    publish_form,
    relabel_full_name,
)


async def test_a_second_tab_is_told_the_draft_is_already_live(
    client: AsyncTestClient, author: Author, signed_in: str
) -> None:
    base = await seeded(client, signed_in)
    opened = await opened_publish_page(client, base)
    assert opened == {"revision": opened["revision"], "seen_version": "0"}
    first = await publish(client, base, signed_in, opened)
    assert first.status_code == 303
    second = await publish(client, base, signed_in, opened)
    assert second.status_code == 409
    said = error_summary(second.text)
    assert said.startswith(
        "Already published Version 1 was published after you opened this page on "
    )
    assert (
        f"UTC by {author.email}, perhaps in another tab. It already holds this draft, so there "
        "was nothing more to publish. Nothing was lost: see it under Versions."
    ) in said
    assert said.endswith("See the versions · Reload this page")
    assert f'href="{base}/versions">See the versions</a>' in second.text
    # the page no longer offers a version 2 it cannot make
    assert "Version 1 is live and the draft is the same" in second.text
    assert "as version 2" not in second.text
    assert "What changed since version 1" not in second.text  # "Nothing changed": said above
    assert second.text.count("nothing new to publish") == 1  # the lead; not again at the foot


async def test_a_page_older_than_the_draft_shows_the_draft_as_it_is_now(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in)
    opened = await opened_publish_page(client, base)
    changed = await relabel_full_name(client, base, signed_in, "Full legal name")
    assert changed.status_code == 200, changed.text
    stale = await publish(client, base, signed_in, opened)
    assert stale.status_code == 409
    assert error_summary(stale.text) == (
        "Not published This template changed after you opened this page (in another tab, or "
        "by another author), so nothing was published. Nothing was lost: the checks and the "
        "changes below are as the template is now. Review them, then publish again. "
        "See the versions · Reload this page"
    )
    assert "Full legal name" in stale.text  # what would be published now
    assert publish_form(stale.text)["revision"] != opened["revision"]  # ready to publish again


async def test_two_publishes_at_the_same_moment_are_said_in_the_authors_words(
    client: AsyncTestClient, signed_in: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = await seeded(client, signed_in)
    form = await opened_publish_page(client, base)
    assert (await publish(client, base, signed_in, form)).status_code == 303
    await relabel_full_name(client, base, signed_in, "Name")
    form = await opened_publish_page(client, base)

    async def lost_the_race(*args: object, **kwargs: object) -> dict:
        raise Conflict("“Seed” was published by another request at the same moment, as version 2")

    monkeypatch.setattr(service.templates, "publish", lost_the_race)
    raced = await publish(client, base, signed_in, form)
    assert raced.status_code == 409
    said = error_summary(raced.text)
    assert said.startswith(
        "Not published Another publish of this template (perhaps in another tab) made a "
        "version at the same moment, so nothing was published here. Nothing was lost"
    )
    assert "another request" not in said
