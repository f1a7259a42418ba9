"""The envelope list: filters by status, template, sender and dates, kept in the URL."""

import uuid
from datetime import UTC, datetime

from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from runtime.tables import Envelope
from tests.integration.conftest import Org, create_envelope, import_template
from tests.integration.designer.conftest import Author, sign_in


async def test_filters_by_sender_and_dates(client: AsyncTestClient, author: Author) -> None:
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "t"))
    template = await import_template(client, org)
    mine = [
        (await create_envelope(client, org, template["id"], sender_email=author.email))["id"]
        for _ in range(21)
    ]
    theirs = (
        await create_envelope(client, org, template["id"], sender_email="colleague@example.com")
    )["id"]
    old = mine[0]
    await Envelope.update({Envelope.created_at: datetime(2025, 3, 10, 23, 30, tzinfo=UTC)}).where(
        Envelope.id == uuid.UUID(old)
    )
    await sign_in(client, author)

    page = await client.get("/designer/envelopes")
    assert f'<option value="{author.email}">{author.email} (me)</option>' in page.text
    assert '<option value="colleague@example.com">' in page.text

    by_colleague = await client.get("/designer/envelopes?sender=colleague%40example.com")
    assert theirs in by_colleague.text and mine[1] not in by_colleague.text
    assert "1 envelope." in by_colleague.text

    march = await client.get("/designer/envelopes?created_from=2025-03-10&created_to=2025-03-10")
    assert old in march.text and "1 envelope." in march.text and theirs not in march.text
    assert 'value="2025-03-10"' in march.text  # the form shows the filter back
    after = await client.get("/designer/envelopes?created_from=2025-03-11")
    assert old not in after.text and "21 envelopes." in after.text

    # 21 by me: the second page keeps the sender filter in its links
    first = await client.get(f"/designer/envelopes?sender={author.email}")
    assert "21 envelopes." in first.text
    expected = f"?sender={author.email.replace('@', '%40')}&amp;page_number=2"
    assert expected in first.text
    second = await client.get(f"/designer/envelopes?sender={author.email}&page_number=2")
    assert "21 envelopes." in second.text and theirs not in second.text
    assert f"?sender={author.email.replace('@', '%40')}&amp;page_number=1" in second.text

    wrong = await client.get("/designer/envelopes?created_from=2025-04-01&created_to=2025-03-01")
    assert wrong.status_code == 422
    # in the list's words, beside the box at fault (it read "To is before From." by "Sent from")
    to_error = '<p class="field-error filter-error" id="filter-to-error"><span class="visually-hidden">Error: </span>'
    assert f"{to_error}The “to” date is before the “Sent from” date.</p>" in wrong.text
    assert "filter-from-error" not in wrong.text and 'href="#filter-to"' in wrong.text
    bad = await client.get("/designer/envelopes?created_from=yesterday")
    assert bad.status_code == 422 and "“Sent from” must be a date like" in bad.text
    assert 'id="filter-from-error"' in bad.text
    assert 'type="text" id="filter-from" name="created_from" value="yesterday"' in bad.text

    api = await client.get(
        "/api/v1/envelopes?sender=colleague@example.com&created_from=2020-01-01", headers=org.auth
    )
    assert [i["id"] for i in api.json()["items"]] == [theirs]
    assert api.json()["items"][0]["sender_email"] == "colleague@example.com"
    api_bad = await client.get("/api/v1/envelopes?created_to=31.12.2025", headers=org.auth)
    assert api_bad.status_code == 422 and "created_to must be a date" in api_bad.json()["detail"]
