"""Real objects of one organisation, one of each kind a designer URL names by id, for the
isolation walk of tests/security/test_access.py: a walk that fills an id with a random
value proves only that the route answers 404 to a made-up id, not that it keeps another
organisation's real objects away."""

import io
import re
import uuid

from litestar.testing import AsyncTestClient
from PIL import Image

from designer.accounts.service import create_user
from designer.tables import DesignerUser
from runtime import audit
from runtime.accounts.service import create_api_key
from runtime.settings import Settings
from runtime.stamps.service import upload_stamp
from runtime.tables import ApiKey, Job, WebhookDelivery, WebhookEndpoint
from tests.integration.conftest import Org, create_envelope, demo_definition, import_template

PARAM = re.compile(r"\{(\w+):\w+\}")

NOT_AN_ID = {
    "draft_id": "the template editor's URLs: tests/integration/designer/test_isolation.py",
    "token": "a mailed invitation's token is the permission itself (test_user_invitations)",
}
"""Path parameters the walk fills with no real object, and why."""


def parameter_names(paths: list[str]) -> set[str]:
    return {name for path in paths for name in PARAM.findall(path)}


def _png() -> bytes:
    image = io.BytesIO()
    Image.new("RGBA", (60, 60), (20, 20, 160, 255)).save(image, format="PNG")
    return image.getvalue()


def named_definition(name: str) -> dict:
    """The demo template with `name` as its name, its role's, its steps' and its labels."""
    definition = demo_definition()
    definition["name"] = definition["roles"][0]["name"] = name
    for number, section in enumerate(definition["sections"]):
        section["title"] = f"{name} {number}"
        for field in section["fields"]:
            field["label"] = f"{name} {field['key']}"
    return definition


async def real_objects(
    client: AsyncTestClient,
    settings: Settings,
    organisation_id: uuid.UUID,
    email: str,
    name: str = "Private",
) -> dict[str, str]:
    """Path parameter name -> the id of a real object of the organisation (signed-in user
    `email`): an envelope and its recipient, a bulk send, a template, another user, a stamp,
    an API key, a webhook endpoint and one of its deliveries, a failed job on Settings ->
    Problems, a mail in the outbox, and the organisation itself. Each is called `name`
    where it has a name (the template, its role, steps and labels, the person, the user,
    the stamp, the key, the webhook)."""
    org = Org(organisation_id, await create_api_key(organisation_id, name))
    template = await import_template(client, org, named_definition(name))
    person = {"role": "customer", "name": name, "email": "alex@example.com"}
    envelope = await create_envelope(client, org, template["id"], recipients=[person])
    bulk = await client.post(
        "/api/v1/bulk-sends",
        headers=org.auth,
        files={"file": ("r.csv", b"customer.name,customer.email\nA,a@example.com\n", "text/csv")},
        data={"template_id": template["id"]},
    )
    assert bulk.status_code == 202, bulk.text
    other = await create_user(
        organisation_id,
        f"other-{uuid.uuid4().hex[:8]}@example.com",
        "a long passphrase 1",
        name=name,
    )
    stamp = await upload_stamp(settings, organisation_id, name=name, data=_png(), actor="tests")
    key = await ApiKey.select(ApiKey.id).where(ApiKey.organisation == organisation_id).first()
    endpoint = WebhookEndpoint(
        organisation=organisation_id,
        url="https://hooks.example.com/in",
        secret="s" * 32,
        description=name,
    )
    await endpoint.save()
    delivery = WebhookDelivery(
        endpoint=endpoint.id, event_id=uuid.uuid4(), event_type="envelope.completed"
    )
    await delivery.save()
    job = Job(
        organisation=organisation_id,
        kind="mail",
        status="failed",
        attempts=5,
        last_error="SMTP refused",
        payload={
            "mail": "invitation",
            "envelope_id": envelope["id"],
            "recipient_id": envelope["recipients"][0]["id"],
            "to_email": "a@example.com",
        },
    )
    await job.save()
    mail = f"20261130T000000-{uuid.uuid4().hex}.eml"
    settings.outbox_dir.mkdir(parents=True, exist_ok=True)
    (settings.outbox_dir / mail).write_text(
        "To: a@example.com\nSubject: Private\n\nA signing link of theirs\n", encoding="utf-8"
    )
    await audit.record(organisation_id, "mail.sent", actor="tests", data={"file": mail})
    me = await DesignerUser.select(DesignerUser.id).where(DesignerUser.email == email).first()
    assert key is not None and me is not None
    return {
        "envelope_id": envelope["id"],
        "recipient_id": envelope["recipients"][0]["id"],
        "bulk_id": bulk.json()["id"],
        "template_id": template["id"],
        "user_id": str(other),
        "stamp_id": str(stamp["id"]),
        "key_id": str(key["id"]),
        "endpoint_id": str(endpoint.id),
        "delivery_id": str(delivery.id),
        "job_id": str(job.id),
        "name": mail,
        "org_id": str(organisation_id),
        "signing_path": "/" + envelope["recipients"][0]["signing_url"].split("/", 3)[3],
    }
