"""The group's read-only envelope page speaks as the subsidiary's own: its people said
'Notified' and 'Pending' (the stored statuses), its timeline named roles by their keys
('(customer)'), and 'Sent by <subsidiary>' left out the parent's name it was sent in."""

import re
import uuid

from litestar.testing import AsyncTestClient

from designer.accounts.service import create_user
from tests.integration.conftest import create_envelope, import_template
from tests.integration.designer.conftest import PASSWORD, Author, sign_in
from tests.integration.groups.conftest import make_group, share


async def test_the_parent_reads_a_subsidiary_s_envelope_in_words(client: AsyncTestClient) -> None:
    group = await make_group()
    template = await import_template(client, group.parent)
    await share(template["id"])
    envelope = await create_envelope(client, group.a, template["id"], sent_as=str(group.parent.id))
    email = f"admin-{uuid.uuid4().hex[:8]}@example.com"
    await create_user(group.parent.id, email, PASSWORD, name="Group admin", role="admin")
    await sign_in(client, Author(email, PASSWORD, group.parent.id))

    page = (await client.get(f"/designer/organisation/envelopes/{envelope['id']}")).text
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert f"Sent by {group.a_legal} in the name of {group.parent_legal}" in text
    assert "Invited, not opened yet" in text and "Notified" not in text
    assert "Waiting for Alex Example (Customer)" in text
    assert "(Customer)" in text.split("Timeline", 1)[1]
    assert "(customer)" not in text


async def test_the_subsidiary_s_page_names_whose_name_it_was_sent_in(
    client: AsyncTestClient,
) -> None:
    """Its own page said only 'Sent … by …': whose legal name the people saw was nowhere."""
    group = await make_group()
    template = await import_template(client, group.parent)
    await share(template["id"])
    theirs = await create_envelope(client, group.a, template["id"], sent_as=str(group.parent.id))
    own = await create_envelope(client, group.a, template["id"])
    email = f"sender-{uuid.uuid4().hex[:8]}@example.com"
    await create_user(group.a.id, email, PASSWORD, name="A sender", role="sender")
    await sign_in(client, Author(email, PASSWORD, group.a.id))
    page = (await client.get(f"/designer/envelopes/{theirs['id']}")).text
    assert f"in the name of {group.parent_legal}" in page
    page = (await client.get(f"/designer/envelopes/{own['id']}")).text
    assert "in the name of" not in page


async def test_the_bulk_page_says_whose_name_every_envelope_is_sent_in(
    client: AsyncTestClient,
) -> None:
    """A template whose sender chooses the name: the send form asks, the bulk send uses the
    subsidiary's own name and did not say so."""
    group = await make_group()
    template = await import_template(client, group.parent)
    await share(template["id"])
    email = f"sender-{uuid.uuid4().hex[:8]}@example.com"
    await create_user(group.a.id, email, PASSWORD, name="A sender", role="sender")
    await sign_in(client, Author(email, PASSWORD, group.a.id))
    page = (await client.get(f"/designer/bulk-sends/new?template_id={template['id']}")).text
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert f"Every envelope is sent in the name of {group.a_legal} :" in text
    assert "a bulk send does not offer the choice of name" in text
