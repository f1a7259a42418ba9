"""A subsidiary's envelope sent in the parent's name: the signer's pages name the parent's
legal name, as the invitation and the consent text do. After declining, the page said 'We
have told Distributor A …' (the subsidiary's short name) to someone who had only ever heard
of 'Food Group … Holdings plc'."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import create_envelope, csrf_from, import_template, open_link
from tests.integration.conftest import path_of as link_path
from tests.integration.groups.conftest import make_group, share


async def test_the_declined_page_names_the_organisation_the_envelope_presents(
    client: AsyncTestClient,
) -> None:
    group = await make_group()
    template = await import_template(client, group.parent)
    await share(template["id"])
    envelope = await create_envelope(client, group.a, template["id"], sent_as=str(group.parent.id))
    link = link_path(envelope["recipients"][0]["signing_url"])
    await open_link(client, link)
    form = await client.get(f"{link}/decline")
    assert f"{group.parent_legal} will be told" in form.text
    token = csrf_from(form.text)
    declined = await client.post(f"{link}/decline", data={"_csrf_token": token, "reason": "No."})
    shown = (await client.get(declined.headers["location"])).text
    assert f"We have told {group.parent_legal} and passed on your reason." in shown
    assert "Distributor A" not in shown
