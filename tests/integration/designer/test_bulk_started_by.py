"""A bulk send's progress page says who started it and when: a colleague (or an
administrator) following it could not tell whose it was, and its 'started' time was the
upload's, not the confirmation's."""

import re
import uuid

from litestar.testing import AsyncTestClient

from runtime.bulk import service as bulk
from runtime.clock import utcnow
from runtime.settings import Settings
from tests.integration.conftest import Org, import_template
from tests.integration.designer.bulk_helpers import _template, _upload, rows_csv
from tests.integration.designer.conftest import Author, make_author, sign_in


def _started(html: str) -> str:
    line = re.search(r'<p class="hint bulk-started">(.*?)</p>', html, re.S)
    assert line, html
    return re.sub(r"<[^>]+>", "", line.group(1))


async def test_the_page_names_the_person_who_confirmed_it(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    template_id = await _template(client, author)
    token = await sign_in(client, author)
    uploaded = await _upload(client, token, template_id, rows_csv(2))
    bulk_id = uploaded.headers["location"].rsplit("/", 1)[-1]
    await client.post(f"/designer/bulk-sends/{bulk_id}/confirm", data={"_csrf_token": token})
    colleague = await make_author(author.organisation_id)
    await sign_in(client, colleague)
    said = _started((await client.get(f"/designer/bulk-sends/{bulk_id}")).text)
    today = f"{utcnow():%Y-%m-%d}"
    assert said.startswith(f"Started by {author.email} on {today} ")
    assert " UTC · people.csv · reference " in said


async def test_a_bulk_send_of_the_command_line_says_so(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template = await import_template(client, org)
    csv = b"customer.name,customer.email\nBea Bulk,bea@example.com\n"
    started = await bulk.start(
        org.id, uuid.UUID(template["id"]), csv, {}, filename="x.csv", actor="cli"
    )
    await sign_in(client, await make_author(org.id))
    said = _started((await client.get(f"/designer/bulk-sends/{started['id']}")).text)
    assert said.startswith("Started from the command line on ")
