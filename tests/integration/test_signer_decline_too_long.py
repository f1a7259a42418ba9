"""A decline reason over 2,000 characters: the refusal is a redirect to the decline form
(Post/Redirect/Get, as for a reason left empty), so Back afterwards shows a page instead
of asking to send the form again; the form shows what was typed, says how long it is, and
says the limit before anyone types (maxlength and the hint)."""

import html

import pytest
from litestar.testing import AsyncTestClient

from tests.integration.conftest import (
    Org,
    create_envelope,
    csrf_from,
    import_template,
    open_link,
    path_of,
)


async def _decline_form(client: AsyncTestClient, org: Org) -> tuple[str, str, str]:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    link = path_of(envelope["recipients"][0]["signing_url"])
    await open_link(client, link)
    form = (await client.get(f"{link}/decline")).text
    return link, csrf_from(form), form


@pytest.mark.parametrize("settings", ["sqlite", "postgres"], indirect=True)
async def test_a_reason_too_long_is_refused_by_a_redirect_keeping_the_text(
    client: AsyncTestClient, org: Org
) -> None:
    link, token, form = await _decline_form(client, org)
    assert 'maxlength="2000"' in form
    assert "You can enter up to 2,000 characters." in form

    reason = "Les dates sont fausses & <à revoir>. " + "x" * 2_300
    sent = await client.post(f"{link}/decline", data={"_csrf_token": token, "reason": reason})
    assert sent.status_code == 303, sent.text[:300]
    assert sent.headers["location"].startswith(f"{link}/decline?refused=long")
    again = await client.get(sent.headers["location"])
    assert again.status_code == 200
    told = "The reason must be 2,000 characters or fewer. Yours has 2,337: shorten it."
    assert again.text.count(told) == 2  # the summary and beside the box
    assert html.escape(reason, quote=False) in again.text, "what was typed is shown again"
    # the form shown without the refusal starts empty; nothing was declined
    assert "Les dates sont fausses" not in (await client.get(f"{link}/decline")).text
    assert "You declined" not in (await client.get(f"{link}/", follow_redirects=True)).text

    # line breaks count once, as the box counts them (a browser sends them as CR LF)
    lines = "\r\n".join(["y" * 99] * 20)  # 1,980 characters and 19 line breaks
    declined = await client.post(f"{link}/decline", data={"_csrf_token": token, "reason": lines})
    assert declined.status_code == 303 and declined.headers["location"] == f"{link}/"


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_a_reason_too_long_to_keep_says_how_long_it_was(
    client: AsyncTestClient, org: Org
) -> None:
    """Past 10,000 characters (pasted, or sent by a script) the text is not kept: the form
    says how long it was, that it was too long, and starts empty."""
    link, token, _form = await _decline_form(client, org)
    sent = await client.post(f"{link}/decline", data={"_csrf_token": token, "reason": "z" * 12_000})
    assert sent.status_code == 303
    again = (await client.get(sent.headers["location"])).text
    assert (
        "The reason must be 2,000 characters or fewer. Yours had 12,000, too many to show "
        "again here: write a shorter one."
    ) in again
    assert "zzzzzzzzzz" not in again
