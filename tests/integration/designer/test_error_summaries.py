"""Every designer error summary behaves the same way (GOV.UK's pattern): after a refused
form the page loads with focus on the box (tabindex -1 and data-autofocus), and each
message is a list line linking to the input it is about, where there is one. Some boxes
linked and some did not, some took focus and some did not (retention, tags, the search
and filter screens, an envelope's refused action)."""

import re
import uuid

from litestar.testing import AsyncTestClient

from runtime.tables import Template
from tests.integration.conftest import csrf_from
from tests.integration.designer.conftest import Author, make_author, sign_in
from tests.perf.gen_archive import prepare_organisation


def summary(page: str) -> tuple[str, list[tuple[str, str]]]:
    """The box's opening tag, and its lines as (link target or "", words)."""
    box = re.search(r'(<div class="error-summary"[^>]*>)(.*?)</div>', page, re.S)
    assert box, "no error summary"
    lines = re.findall(r"<li>(?:<a href=\"#([^\"]+)\">)?(.*?)(?:</a>)?</li>", box.group(2), re.S)
    assert lines, box.group(2)  # messages are list lines, never a bare paragraph
    return box.group(1), lines


def takes_focus_and_links(page: str, *targets: str) -> None:
    opening, lines = summary(page)
    assert 'tabindex="-1"' in opening and "data-autofocus" in opening, opening
    assert [target for target, _ in lines] == list(targets), lines
    for target in filter(None, targets):
        assert f'id="{target}"' in page, target  # the link lands on a real input


async def test_refused_forms_focus_the_summary_and_link_each_message(
    client: AsyncTestClient, author: Author
) -> None:
    login = await client.get("/designer/login")
    wrong = await client.post(
        "/designer/login",
        data={"_csrf_token": csrf_from(login.text), "email": author.email, "password": "no"},
    )
    takes_focus_and_links(wrong.text, "email")

    await sign_in(client, author)
    envelopes = await client.get("/designer/envelopes", params={"created_from": "soon"})
    assert envelopes.status_code == 422
    takes_focus_and_links(envelopes.text, "filter-from")
    # insight's message links to the filter it names, as the archive's does
    insight = await client.get("/designer/insight", params={"from": "yesterday"})
    takes_focus_and_links(insight.text, "f-from")
    # the archive's message links to the filter it names
    archive = await client.get("/designer/archive", params={"from": "yesterday"})
    takes_focus_and_links(archive.text, "a-from")
    archive = await client.get("/designer/archive", params={"status": "done"})
    takes_focus_and_links(archive.text, "a-status")


async def test_a_refused_retention_period_takes_focus(client: AsyncTestClient) -> None:
    org_id, _ = await prepare_organisation(f"Summary {uuid.uuid4().hex[:6]}", templates=1)
    await sign_in(client, await make_author(org_id))
    (template,) = await Template.select(Template.id).where(Template.organisation == org_id)
    page = await client.get("/designer/archive/retention")
    bad = await client.post(
        "/designer/archive/retention",
        data={"_csrf_token": csrf_from(page.text), f"days.{template['id']}": "soon"},
    )
    assert bad.status_code == 422
    takes_focus_and_links(bad.text, f"days-{template['id']}")
