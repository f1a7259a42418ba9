"""A signer meets one way of writing a day in their language: an answer on Check your
answers ("1 March 2027"), the confirmation's "Signed on 29 November 2026, 12:11 UTC" and a
deadline in a mail all write the day in full, as the language does (the long style), never
"29 Nov 2026" on one page and "1 December 2026" on the next."""

import re

import pytest
from litestar.testing import AsyncTestClient

from runtime.clock import utcnow
from runtime.i18n import use_language
from runtime.i18n.dates import format_date
from tests.integration.conftest import (
    Org,
    create_envelope,
    import_template,
    open_link,
    path_of,
)

SIGNED = {"en": "Signed on {day}, ", "fr": "Signé le {day}, "}
START = {"en": "1 March 2027", "fr": "1er mars 2027"}


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_the_review_and_the_confirmation_write_a_day_the_same_way(
    client: AsyncTestClient, org: Org, language: str
) -> None:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"], prefill={})
    link = path_of(envelope["recipients"][0]["signing_url"])
    await open_link(client, link)
    await client.post(f"{link}/language", data={"language": language, "return": f"{link}/"})
    answers = {"full_name": "Alex", "email": "alex@example.com", "start_date": "2027-03-01"}
    assert (await client.post(f"{link}/step/1", data=answers)).status_code == 303
    signed = {"accept_terms": "yes", "signature__typed": "Alex"}
    assert (await client.post(f"{link}/step/2", data=signed)).status_code == 303
    assert START[language] in (await client.get(f"{link}/review")).text
    assert (await client.post(f"{link}/finish")).status_code == 303

    done = (await client.get(f"{link}/done")).text
    with use_language(language):
        today = format_date(utcnow())
    said = re.escape(SIGNED[language].format(day=today)) + r"\d\d:\d\d UTC\."
    assert re.search(said, done), done
    assert not re.search(r"\d:\d\d:\d\d", done)  # to the minute, as mails write it
