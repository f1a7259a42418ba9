"""Settings → Audit trail: the organisation's own events in words, and a check of its hash
chains that names the first broken event, as `formseal audit verify` does on the server."""

import uuid

from litestar.testing import AsyncTestClient

from designer.accounts.service import create_user
from runtime import audit
from runtime.accounts.service import ensure_organisation
from runtime.tables import AuditEvent
from tests.integration.designer.conftest import PASSWORD, Author, sign_in

SCREEN = "/designer/settings/audit"


async def test_admin_reads_the_trail_and_sees_which_event_was_altered(
    client: AsyncTestClient,
) -> None:
    org = await ensure_organisation(f"Audit org {uuid.uuid4().hex[:8]}")
    admin = Author(f"admin-{uuid.uuid4().hex[:8]}@example.com", PASSWORD, org)
    await create_user(org, admin.email, PASSWORD, role="admin")
    await audit.record(
        org,
        "designer.user_created",
        actor=admin.email,
        data={"email": "kim@example.com", "role": "sender"},
    )
    await audit.record(
        org,
        "mail.sent",
        data={"mail": "designer_invitation", "to": "kim@example.com", "via": "smtp:"},
    )
    await sign_in(client, admin)
    page = await client.get(SCREEN)
    assert "Emailed kim@example.com an invitation to choose a password" in page.text
    assert page.status_code == 200 and 'href="/designer/settings/audit"' in page.text
    assert "Added kim@example.com as Sender" in page.text and "Signed in" in page.text
    assert "designer.user_created" not in page.text

    intact = await client.get(SCREEN, params={"check": "1"})
    assert "The one trail of" in intact.text and "is intact: 3 events checked" in intact.text

    # Someone edits the database: the check names the first broken event of the trail.
    altered = (
        await AuditEvent.select(AuditEvent.id)
        .where((AuditEvent.organisation == org) & (AuditEvent.action == "designer.user_created"))
        .first()
    )
    await AuditEvent.update({AuditEvent.actor: "mallory@example.com"}).where(
        AuditEvent.id == altered["id"]
    )
    other = await ensure_organisation(f"Other audit {uuid.uuid4().hex[:8]}")
    await audit.record(other, "designer.login", actor="x@example.com")
    await AuditEvent.update({AuditEvent.actor: "y@example.com"}).where(
        AuditEvent.organisation == other
    )
    broken = await client.get(SCREEN, params={"check": "1"})
    assert "<title>Broken: Audit trail" in broken.text
    assert "1 of 1 trail is broken" in broken.text  # the other organisation's is not ours
    assert (
        f"The organisation's own events: event {altered['id']} (designer.user_created, #1 of "
        "its trail) was altered: its content no longer matches its hash." in broken.text
    )


async def test_template_events_name_the_template(client: AsyncTestClient) -> None:
    """'Published “Service agreement” (version 1)', not 'Published a template': an
    administrator reading the trail could not tell which template was published, archived
    or had its sharing changed."""
    from runtime.templates.service import import_and_publish, set_status
    from tests.integration.conftest import DEMO

    org = await ensure_organisation(f"Audit names {uuid.uuid4().hex[:8]}")
    admin = Author(f"admin-{uuid.uuid4().hex[:8]}@example.com", PASSWORD, org)
    await create_user(org, admin.email, PASSWORD, role="admin")
    made = await import_and_publish(org, DEMO.read_bytes(), actor=admin.email)
    await set_status(org, uuid.UUID(made["id"]), "archived", actor=admin.email)
    # an event about another organisation's template id names nothing of theirs
    other = await ensure_organisation(f"Audit other {uuid.uuid4().hex[:8]}")
    theirs = await import_and_publish(other, DEMO.read_bytes(), actor="someone")
    await audit.record(org, "template.restored", data={"template_id": theirs["id"]})
    await sign_in(client, admin)
    page = (await client.get(SCREEN)).text
    assert "Published “Service agreement” (version 1)" in page
    assert "Archived “Service agreement”" in page
    assert "Restored a template" in page and "Restored “" not in page
    assert "Published a template" not in page


async def test_an_invitation_reads_as_queued_until_its_mail_went(client: AsyncTestClient) -> None:
    """The invitation event is recorded when the mail is queued; it said 'Emailed' before
    any mail went (and on an instance without SMTP, none ever did). The mail's own event
    says when it went, or that it was only written to the outbox."""
    org = await ensure_organisation(f"Audit invite {uuid.uuid4().hex[:8]}")
    admin = Author(f"admin-{uuid.uuid4().hex[:8]}@example.com", PASSWORD, org)
    await create_user(org, admin.email, PASSWORD, role="admin")
    for action in ("designer.user_invited", "designer.password_link_sent"):
        await audit.record(
            org, action, actor=admin.email, data={"email": "kim@example.com", "days": 7}
        )
    await sign_in(client, admin)
    page = (await client.get(SCREEN)).text
    assert (
        "Queued an email inviting kim@example.com to choose a password (the link works 7 days)"
        in page
    )
    assert (
        "Queued an email to kim@example.com with a link to choose a new password (it works 7 days)"
        in page
    )
    assert "Emailed kim@example.com" not in page


async def test_hide_sign_ins_keeps_the_changes_and_the_failed_sign_ins(
    client: AsyncTestClient,
) -> None:
    """A hundred sign-ins pushed every change off the page: 'Hide successful sign-ins'."""
    org = await ensure_organisation(f"Audit busy {uuid.uuid4().hex[:8]}")
    admin = Author(f"admin-{uuid.uuid4().hex[:8]}@example.com", PASSWORD, org)
    await create_user(org, admin.email, PASSWORD, role="admin")
    await audit.record(
        org, "designer.user_created", data={"email": "kim@example.com", "role": "viewer"}
    )
    await audit.record(org, "designer.login_failed", data={"failures_in_a_row": 1})
    for _ in range(100):
        await audit.record(org, "designer.login", actor=admin.email)
    await sign_in(client, admin)
    everything = (await client.get(SCREEN)).text
    assert "Added kim@example.com as Viewer" not in everything  # off the newest hundred
    assert 'href="/designer/settings/audit?show=changes">Hide successful sign-ins' in everything
    changes = (await client.get(SCREEN, params={"show": "changes"})).text
    assert "Added kim@example.com as Viewer" in changes
    assert "Wrong password (1 in a row)" in changes
    assert "Signed in" not in changes.split('id="events-heading"', 1)[1]
    assert 'href="/designer/settings/audit">Show sign-ins too' in changes
