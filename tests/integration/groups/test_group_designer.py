"""Groups in the designer: a parent's administrator creates a subsidiary and its first
user, shares a template (send as: the sender chooses); the subsidiary's user sends it in
the parent's name; a sibling's user sees none of it; the parent sees the envelope."""

import io
import re
import uuid
from html import unescape

from litestar.testing import AsyncTestClient
from PIL import Image

from designer.accounts.service import create_user
from designer.tables import DesignerUser
from runtime.settings import Settings
from runtime.stamps.service import get_stamp, list_stamps, upload_stamp
from runtime.tables import Envelope, Organisation, Stamp
from tests.integration.conftest import create_envelope, csrf_from, import_template
from tests.integration.designer.conftest import PASSWORD, Author, sign_in
from tests.integration.groups.conftest import make_group


async def _as(client: AsyncTestClient, org_id: uuid.UUID, role: str = "admin") -> tuple[str, str]:
    email = f"{role}-{uuid.uuid4().hex[:8]}@example.com"
    await create_user(org_id, email, PASSWORD, name=f"Test {role}", role=role)
    client.cookies.clear()
    return email, await sign_in(client, Author(email, PASSWORD, org_id))


async def test_parent_manages_subsidiaries_and_shares_a_template(client: AsyncTestClient) -> None:
    group = await make_group()
    template = await import_template(client, group.parent)
    _, token = await _as(client, group.parent.id)

    screen = await client.get("/designer/organisation")
    assert screen.status_code == 200
    assert group.a_legal in screen.text and group.b_legal in screen.text
    assert "See the group's envelopes" in screen.text

    # a new subsidiary: a missing name is refused and nothing is created
    bad = await client.post(
        "/designer/organisation/subsidiaries", data={"_csrf_token": token, "name": " "}
    )
    assert bad.status_code == 422 and "Enter a name for the organisation" in bad.text
    name = f"Distributor C {uuid.uuid4().hex[:6]}"
    made = await client.post(
        "/designer/organisation/subsidiaries",
        data={"_csrf_token": token, "name": name, "legal_name": f"{name} Ltd"},
    )
    assert made.status_code == 303
    row = await Organisation.select().where(Organisation.name == name).first()
    assert row["parent"] == group.parent.id and row["legal_name"] == f"{name} Ltd"

    # the parent's admin adds the subsidiary's first user
    user_email = f"c-admin-{uuid.uuid4().hex[:6]}@example.com"
    added = await client.post(
        f"/designer/organisation/subsidiaries/{row['id']}/users",
        data={
            "_csrf_token": token,
            "email": user_email,
            "name": "C Admin",
            "role": "sender",
            "password": PASSWORD,
        },
    )
    assert added.status_code == 303
    assert user_email in (await client.get(added.headers["location"])).text

    renamed = await client.post(
        f"/designer/organisation/subsidiaries/{row['id']}/legal-name",
        data={"_csrf_token": token, "legal_name": f"{name} Limited"},
    )
    assert renamed.status_code == 303
    assert f"{name} Limited" in (await client.get(renamed.headers["location"])).text

    shared = await client.post(
        f"/designer/organisation/templates/{template['id']}/sharing",
        data={"_csrf_token": token, "shared": "1", "send_as": "choice"},
    )
    assert shared.status_code == 303

    # A's sender sees the shared template and sends it in the parent's name
    _, token = await _as(client, group.a.id, role="sender")
    listing = await client.get("/designer/envelopes")
    assert "shared by your group" in listing.text
    library = await client.get("/designer/templates")
    assert "Shared by your group" in library.text
    assert f"/designer/envelopes/new?template_id={template['id']}" in library.text
    form = await client.get(f"/designer/envelopes/new?template_id={template['id']}")
    assert form.status_code == 200
    assert "Sent in the name of" in form.text
    assert group.parent_legal in form.text and group.a_legal in form.text
    sent = await client.post(
        f"/designer/envelopes/new?template_id={template['id']}",
        data={
            "_csrf_token": token,
            "customer.name": "Ola Nordmann",
            "customer.email": "ola@example.com",
            "sent_as": str(group.parent.id),
        },
    )
    assert sent.status_code == 303, sent.text
    envelope_id = sent.headers["location"].split("/")[3].split("?")[0]
    envelope = await Envelope.select().where(Envelope.id == uuid.UUID(envelope_id)).first()
    assert envelope["organisation"] == group.a.id and envelope["sent_as"] == group.parent.id
    assert "Service agreement" in (await client.get("/designer/envelopes")).text
    insight = await client.get(f"/designer/insight?template_id={template['id']}")
    assert insight.status_code == 200 and "Service agreement" in insight.text
    # a sibling's id as "sent as" is refused with the names that are allowed
    refused = await client.post(
        f"/designer/envelopes/new?template_id={template['id']}",
        data={
            "_csrf_token": token,
            "customer.name": "Ola Nordmann",
            "customer.email": "ola@example.com",
            "sent_as": str(group.b.id),
        },
    )
    assert refused.status_code == 422 and "can only be sent as" in refused.text

    # B's administrator: not A's envelope, not A's page, not the parent's private things
    await _as(client, group.b.id)
    for url in (
        f"/designer/envelopes/{envelope_id}",
        f"/designer/envelopes/{envelope_id}/sealed.pdf",
        f"/designer/organisation/envelopes/{envelope_id}/sealed.pdf",
        f"/designer/organisation/envelopes/{envelope_id}",
        f"/designer/organisation/subsidiaries/{group.a.id}",
        f"/designer/organisation/subsidiaries/{group.parent.id}",
    ):
        assert (await client.get(url)).status_code == 404, url
    group_list = await client.get(f"/designer/organisation/envelopes?organisation={group.a.id}")
    assert group_list.status_code == 200
    assert "Service agreement" not in group_list.text and group.a_legal not in group_list.text
    assert "Distributor A" not in (await client.get("/designer/organisation")).text

    # the parent's administrator sees A's envelope in the group's list
    await _as(client, group.parent.id)
    group_list = await client.get(f"/designer/organisation/envelopes?organisation={group.a.id}")
    assert "Service agreement" in group_list.text and "1 envelope." in group_list.text
    # and opens it, read-only: its people and timeline, no reminders, new links or voiding
    assert f'href="/designer/organisation/envelopes/{envelope_id}"' in group_list.text
    detail = await client.get(f"/designer/organisation/envelopes/{envelope_id}")
    assert detail.status_code == 200
    assert "Ola Nordmann" in detail.text and "ola@example.com" in detail.text
    assert "Envelope created" in detail.text and group.a_legal in detail.text
    # the role as the author named it, as on A's own envelope page, not its key
    assert '"Role">Customer<div' in detail.text and '"Role">customer<div' not in detail.text
    for action in ("Resend link", "Remind now", "Void this envelope", "/resend", "/void"):
        assert action not in detail.text, action


async def test_stamp_sharing_toggle_and_grants_to_subsidiary_users(
    client: AsyncTestClient, settings: Settings
) -> None:
    group = await make_group()
    image = io.BytesIO()
    Image.new("RGBA", (120, 120), (160, 20, 20, 255)).save(image, format="PNG")
    made = await upload_stamp(
        settings, group.parent.id, name="Group seal", data=image.getvalue(), actor="tests"
    )
    stamp_id = made["id"]
    a_user = await create_user(group.a.id, f"a-{uuid.uuid4().hex[:6]}@example.com", PASSWORD)
    _, token = await _as(client, group.parent.id)
    screen = await client.get("/designer/settings/stamps")
    assert "Subsidiaries may use it" in screen.text
    saved = await client.post(
        f"/designer/settings/stamps/{stamp_id}/permissions",
        data={"_csrf_token": token, "shared": "1", "auto_sign": "1", "granted": str(a_user)},
    )
    assert saved.status_code == 303
    row = await Stamp.select().where(Stamp.id == stamp_id).output(load_json=True).first()
    assert row["shared_with_subsidiaries"] is True and row["granted_to"] == [str(a_user)]

    assert [s["id"] for s in await list_stamps(group.a.id, shared=True)] == [stamp_id]
    assert (await get_stamp(group.a.id, stamp_id, shared=True))["name"] == "Group seal"
    # A's administrator sees it under "Shared by your group", with its image; B too
    await _as(client, group.a.id)
    screen = await client.get("/designer/settings/stamps")
    assert "Shared by your group" in screen.text and "Group seal" in screen.text
    image = await client.get(f"/designer/settings/stamps/{stamp_id}/image.png")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    # ...but cannot manage it: its owner's
    for action in ("deactivate", "default", "permissions"):
        answer = await client.post(
            f"/designer/settings/stamps/{stamp_id}/{action}",
            data={"_csrf_token": csrf_from(screen.text), "shared": "0"},
        )
        assert answer.status_code == 404, action
    # unshared: gone for the subsidiary
    await Stamp.update({Stamp.shared_with_subsidiaries: False}).where(Stamp.id == stamp_id)
    assert await list_stamps(group.a.id, shared=True) == []
    assert await list_stamps(group.b.id, shared=True) == []
    screen = await client.get("/designer/settings/stamps")
    assert "Group seal" not in screen.text
    image = await client.get(f"/designer/settings/stamps/{stamp_id}/image.png")
    assert image.status_code == 404


async def test_parent_admin_changes_and_deactivates_a_subsidiary_user(
    client: AsyncTestClient,
) -> None:
    group = await make_group()
    member = f"a-sender-{uuid.uuid4().hex[:6]}@example.com"
    await create_user(group.a.id, member, PASSWORD, name="A Sender", role="sender")
    member_id = (await DesignerUser.objects().where(DesignerUser.email == member).first()).id
    base = f"/designer/organisation/subsidiaries/{group.a.id}/users/{member_id}"

    _, token = await _as(client, group.parent.id)
    promoted = await client.post(f"{base}/role", data={"_csrf_token": token, "role": "author"})
    assert promoted.status_code == 303
    page_text = (await client.get(promoted.headers["location"])).text
    assert "The user was changed." in page_text
    off = await client.post(f"{base}/deactivate", data={"_csrf_token": token})
    assert off.status_code == 303
    row = await DesignerUser.objects().where(DesignerUser.id == member_id).first()
    assert (row.role, row.active) == ("author", False)
    on = await client.post(f"{base}/reactivate", data={"_csrf_token": token})
    assert on.status_code == 303
    assert (await DesignerUser.objects().where(DesignerUser.id == member_id).first()).active

    # a sibling's admin, and a path naming another organisation's user, find nothing
    _, token = await _as(client, group.b.id)
    sibling = await client.post(f"{base}/role", data={"_csrf_token": token, "role": "admin"})
    assert sibling.status_code == 404
    _, token = await _as(client, group.parent.id)
    wrong_org = f"/designer/organisation/subsidiaries/{group.b.id}/users/{member_id}/deactivate"
    assert (await client.post(wrong_org, data={"_csrf_token": token})).status_code == 404
    row = await DesignerUser.objects().where(DesignerUser.id == member_id).first()
    assert (row.role, row.active) == ("author", True)

    # the subsidiary's only administrator: refused on its page, the reason beside the row
    assert (
        await client.post(f"{base}/role", data={"_csrf_token": token, "role": "admin"})
    ).status_code == 303
    posted = await client.post(f"{base}/role", data={"_csrf_token": token, "role": "viewer"})
    assert posted.status_code == 303  # post/redirect/get: a reload does not post again
    last = await client.get(posted.headers["location"])
    assert last.status_code == 200 and "There is a problem" in last.text
    assert f'id="role-error-{member_id}"' in last.text
    assert f"{member} is the last active administrator of Distributor A " in last.text
    assert "<h1>" in last.text and "Add a user to" in last.text


async def test_the_group_list_pages_on(client: AsyncTestClient) -> None:
    """Twenty envelopes a page: the parent's administrator reaches the 21st."""
    group = await make_group()
    template = await import_template(client, group.a)
    made = [(await create_envelope(client, group.a, template["id"]))["id"] for _ in range(21)]
    await _as(client, group.parent.id)
    first = await client.get(f"/designer/organisation/envelopes?organisation={group.a.id}")
    assert "21 envelopes." in first.text and "Previous page" not in first.text
    assert first.text.count('href="/designer/organisation/envelopes/') == 20
    following = f"?organisation={group.a.id}&amp;page_number=2"
    assert f'href="{following}">Next page' in first.text
    second = await client.get(f"/designer/organisation/envelopes{unescape(following)}")
    assert second.text.count('href="/designer/organisation/envelopes/') == 1
    assert "Previous page" in second.text and "Next page" not in second.text
    shown = set(re.findall(r'href="/designer/organisation/envelopes/([0-9a-f-]{36})"', first.text))
    shown |= set(
        re.findall(r'href="/designer/organisation/envelopes/([0-9a-f-]{36})"', second.text)
    )
    assert shown == set(made)
