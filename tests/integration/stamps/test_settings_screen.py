"""/designer/settings/stamps: upload (refusing SVG, oversized and non-images), list,
permissions, default and deactivation; admins only, organisation-scoped, CSRF-protected."""

import io
import uuid

from litestar.testing import AsyncTestClient
from PIL import Image

from designer.accounts.service import create_user
from runtime.stamps.images import PNG_MAGIC
from runtime.stamps.service import list_stamps
from runtime.tables import AuditEvent
from tests.integration.conftest import csrf_from
from tests.integration.designer.conftest import PASSWORD, Author, make_author, sign_in
from tests.integration.stamps.helpers import stamp_png

URL = "/designer/settings/stamps"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)


async def _upload(
    client: AsyncTestClient,
    token: str,
    data: bytes,
    name: str = "Company seal",
    filename: str = "stamp.png",
    auto_sign: bool = True,
):
    form = {"_csrf_token": token, "name": name}
    if auto_sign:
        form["auto_sign"] = "1"
    return await client.post(URL, data=form, files={"image": (filename, data, "image/png")})


async def test_upload_list_and_retire_a_stamp(client: AsyncTestClient, author: Author) -> None:
    token = await sign_in(client, author)
    empty = await client.get(URL)
    assert empty.status_code == 200 and "No stamps yet" in empty.text

    hostile = stamp_png() + b"<script>alert(1)</script>"  # trailing data after IEND
    answer = await _upload(client, token, hostile)
    assert answer.status_code == 303 and answer.headers["location"].endswith("done=uploaded")
    page = await client.get(answer.headers["location"])
    assert "The stamp was uploaded." in page.text
    assert "Company seal" in page.text and "Default" in page.text

    (stamp,) = await list_stamps(author.organisation_id)
    image = await client.get(f"{URL}/{stamp['id']}/image.png")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content.startswith(PNG_MAGIC) and b"<script>" not in image.content
    assert Image.open(io.BytesIO(image.content)).size == (240, 240)

    second = await _upload(client, token, stamp_png(colour=(20, 40, 160)), name="Blue seal")
    assert second.status_code == 303
    stamps = await list_stamps(author.organisation_id)
    blue = next(s for s in stamps if s["name"] == "Blue seal")
    assert not blue["is_default"]  # the first stamp stays the default
    made = await client.post(f"{URL}/{blue['id']}/default", data={"_csrf_token": token})
    assert made.status_code == 303
    gone = await client.post(f"{URL}/{stamp['id']}/deactivate", data={"_csrf_token": token})
    assert gone.status_code == 303
    stamps = {s["name"]: s for s in await list_stamps(author.organisation_id)}
    assert stamps["Blue seal"]["is_default"] and not stamps["Company seal"]["active"]
    page = await client.get(URL)
    assert "Deactivated" in page.text and "Documents already sealed keep it." in page.text

    actions = [
        e["action"]
        for e in await AuditEvent.select(AuditEvent.action).where(
            (AuditEvent.organisation == author.organisation_id) & AuditEvent.envelope.is_null()
        )
    ]
    assert actions.count("stamp.uploaded") == 2
    assert "stamp.default_set" in actions and "stamp.deactivated" in actions


async def test_bad_uploads_are_refused_with_a_reason(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    cases = [
        (SVG, "stamp.svg", "SVG images are not accepted"),
        (SVG, "stamp.png", "SVG images are not accepted"),  # the name does not decide
        (b"%PDF-1.7 not an image", "stamp.png", "not a PNG or JPEG image"),
        (PNG_MAGIC + b"\x00" * 64, "broken.png", "could not be read"),
        (PNG_MAGIC + b"\x00" * (3 * 1024 * 1024), "huge.png", "at most 2 MB"),
    ]
    for data, filename, message in cases:
        answer = await _upload(client, token, data, filename=filename)
        assert answer.status_code == 422, (filename, answer.status_code)
        assert message in answer.text, (filename, answer.text[:2000])
    nameless = await _upload(client, token, stamp_png(), name="  ")
    assert nameless.status_code == 422 and "Enter a name for the stamp" in nameless.text
    assert await list_stamps(author.organisation_id) == []  # nothing half-written


async def test_admins_only_own_organisation_and_csrf(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    assert (await _upload(client, token, stamp_png())).status_code == 303
    (stamp,) = await list_stamps(author.organisation_id)

    no_csrf = await client.post(f"{URL}/{stamp['id']}/deactivate", data={})
    assert no_csrf.status_code == 403
    assert (await list_stamps(author.organisation_id))[0]["active"]

    other = await make_author()
    await client.post("/designer/logout", data={"_csrf_token": token})
    other_token = await sign_in(client, other)
    assert (await client.get(f"{URL}/{stamp['id']}/image.png")).status_code == 404
    answer = await client.post(f"{URL}/{stamp['id']}/deactivate", data={"_csrf_token": other_token})
    assert answer.status_code == 404
    assert (await list_stamps(author.organisation_id))[0]["active"]

    sender_email = f"sender-{uuid.uuid4().hex[:8]}@example.com"
    await create_user(author.organisation_id, sender_email, PASSWORD, role="sender")
    await client.post("/designer/logout", data={"_csrf_token": other_token})
    await sign_in(client, Author(sender_email, PASSWORD, author.organisation_id))
    assert (await client.get(URL)).status_code == 403


async def test_permissions_grant_a_user_and_turn_off_auto_sign(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    await _upload(client, token, stamp_png())
    (stamp,) = await list_stamps(author.organisation_id)
    sender_email = f"sender-{uuid.uuid4().hex[:8]}@example.com"
    sender_id = await create_user(author.organisation_id, sender_email, PASSWORD, role="sender")
    page = await client.get(URL)
    assert sender_email in page.text
    answer = await client.post(
        f"{URL}/{stamp['id']}/permissions",
        data={"_csrf_token": csrf_from(page.text), "granted": [str(sender_id), str(uuid.uuid4())]},
    )
    assert answer.status_code == 303
    (stamp,) = await list_stamps(author.organisation_id)
    assert stamp["granted_to"] == [str(sender_id)] and stamp["auto_sign"] is False
