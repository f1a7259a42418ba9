"""Routing and delivery: parallel and sequential stages, approvals, mail through real SMTP."""

import asyncio
import uuid

from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from runtime.tables import AuditEvent, Job, Recipient
from tests.integration.conftest import (
    Mailbox,
    Org,
    csrf_from,
    import_template,
    open_link,
    path_of,
    run_jobs,
)

ROUTED = {
    "name": "Loan with guarantor",
    "roles": [
        {"key": "customer", "name": "Customer", "stage": 1},
        {"key": "guarantor", "name": "Guarantor", "stage": 1},
        {"key": "company", "name": "Company", "stage": 2},
        {"key": "manager", "name": "Manager", "kind": "approver", "stage": 3},
        {"key": "legal", "name": "Legal", "kind": "cc"},
    ],
    "sections": [
        {
            "key": "customer_part",
            "title": "Customer",
            "role": "customer",
            "fields": [
                {"key": "amount", "component": "text", "label": "Loan amount", "required": True},
                {
                    "key": "customer_sig",
                    "component": "signature",
                    "label": "Signature",
                    "required": True,
                },
            ],
        },
        {
            "key": "guarantor_part",
            "title": "Guarantor",
            "role": "guarantor",
            "fields": [
                {
                    "key": "guarantor_sig",
                    "component": "signature",
                    "label": "Signature",
                    "required": True,
                }
            ],
        },
        {
            "key": "company_part",
            "title": "Company",
            "role": "company",
            "fields": [
                {
                    "key": "company_sig",
                    "component": "signature",
                    "label": "Signature",
                    "required": True,
                }
            ],
        },
    ],
}

PEOPLE = {
    "customer": ("Chris Customer", "chris@example.com"),
    "guarantor": ("Gina Guarantor", "gina@example.com"),
    "company": ("Cora Company", "cora@example.com"),
    "manager": ("Max Manager", "max@example.com"),
    "legal": ("Lee Legal", "lee@example.com"),
}
FIELDS = {
    "customer": {"amount": "25000", "customer_sig__typed": "Chris Customer"},
    "guarantor": {"guarantor_sig__typed": "Gina Guarantor"},
    "company": {"company_sig__typed": "Cora Company"},
}


async def send(client: AsyncTestClient, org: Org) -> dict:
    template = await import_template(client, org, ROUTED)
    response = await client.post(
        "/api/v1/envelopes",
        headers=org.auth,
        json={
            "template_id": template["id"],
            "recipients": [
                {"role": role, "name": n, "email": e} for role, (n, e) in PEOPLE.items()
            ],
            "message": "Please sign by Friday.",
            "sender_email": "sender@example.com",
        },
    )
    assert response.status_code == 201, response.text
    return response.json()


async def act(client: AsyncTestClient, link: str, role: str) -> None:
    page = await open_link(client, link)
    assert page.status_code == 200, page.text
    token = csrf_from(page.text)
    if role in FIELDS:
        saved = await client.post(f"{link}/step/1", data={"_csrf_token": token, **FIELDS[role]})
        assert saved.status_code == 303, saved.text
    done = await client.post(f"{link}/finish", data={"_csrf_token": token})
    assert done.status_code == 303, done.text


def statuses(envelope: dict) -> dict[str, str]:
    return {r["role"]: r["status"] for r in envelope["recipients"]}


async def status_of(client: AsyncTestClient, org: Org, envelope_id: str) -> dict:
    return (await client.get(f"/api/v1/envelopes/{envelope_id}", headers=org.auth)).json()


async def test_two_stages_through_the_mails(
    mail_client: AsyncTestClient, org: Org, mail_settings: Settings, mailbox: Mailbox
) -> None:
    client = mail_client
    envelope = await send(client, org)
    assert statuses(envelope) == {
        "customer": "notified",
        "guarantor": "notified",
        "company": "pending",
        "manager": "pending",
        "legal": "pending",
    }
    await run_jobs(mail_settings)
    assert {m["To"].addresses[0].addr_spec for m in mailbox.messages} == {
        "chris@example.com",
        "gina@example.com",
    }
    invitation = mailbox.to("chris@example.com")[0]
    assert "Loan with guarantor" in invitation["Subject"]
    assert "Please sign by Friday." in Mailbox.text(invitation)
    assert invitation.get_body(preferencelist=("html",)) is not None

    # The company's link exists but cannot act before stage 1 is done.
    company_link = path_of(
        next(r for r in envelope["recipients"] if r["role"] == "company")["signing_url"]
    )
    early = await client.get(company_link + "/step/1")
    assert early.status_code == 409 and "not your turn" in early.text
    # which document, and whose link, as on the link's other pages
    assert '<span class="site-header__doc">Loan with guarantor</span>' in early.text
    assert "Signing for Cora Company (Company)." in early.text

    await act(client, mailbox.link_for("chris@example.com"), "customer")
    await run_jobs(mail_settings)
    assert mailbox.to("cora@example.com") == []
    await act(client, mailbox.link_for("gina@example.com"), "guarantor")
    await run_jobs(mail_settings)
    assert len(mailbox.to("cora@example.com")) == 1

    await act(client, mailbox.link_for("cora@example.com"), "company")
    await run_jobs(mail_settings)
    assert len(mailbox.to("max@example.com")) == 1
    assert "approve" in Mailbox.text(mailbox.to("max@example.com")[0])
    approver = mailbox.link_for("max@example.com")
    review = await open_link(client, approver)
    assert "Check the answers before approving" in review.text and "25000" in review.text
    await act(client, approver, "manager")
    await run_jobs(mail_settings)

    final = await status_of(client, org, envelope["id"])
    assert final["status"] == "completed"
    completed = [m for m in mailbox.messages if m["Subject"].startswith("Completed")]
    assert {m["To"].addresses[0].addr_spec for m in completed} == {
        "chris@example.com",
        "gina@example.com",
        "cora@example.com",
        "max@example.com",
        "lee@example.com",
        "sender@example.com",
    }
    attachment = next(completed[0].iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"Loan with guarantor – {envelope['id'][:8]}.pdf"
    assert attachment.get_content().startswith(b"%PDF")
    # cc recipients can download the sealed PDF through their own link
    legal = next(m for m in completed if "lee@example.com" in str(m["To"]))
    link = mailbox.link_for("lee@example.com") if "/s/" in Mailbox.text(legal) else None
    if link:
        assert (await client.get(f"{link}/sealed.pdf")).status_code == 200


async def test_parallel_finishers_open_the_next_stage_once(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    envelope = await send(client, org)
    links = {r["role"]: path_of(r["signing_url"]) for r in envelope["recipients"]}
    tokens = {}
    for role in ("customer", "guarantor"):
        page = await open_link(client, links[role])
        tokens[role] = csrf_from(page.text)
        saved = await client.post(
            f"{links[role]}/step/1", data={"_csrf_token": tokens[role], **FIELDS[role]}
        )
        assert saved.status_code == 303
    results = await asyncio.gather(
        *(
            client.post(f"{links[role]}/finish", data={"_csrf_token": tokens[role]})
            for role in ("customer", "guarantor")
        )
    )
    assert [r.status_code for r in results] == [303, 303]
    company = (
        await Recipient.select()
        .where((Recipient.envelope == uuid.UUID(envelope["id"])) & (Recipient.role == "company"))
        .first()
    )
    assert company["status"] == "notified"
    invites = await Job.count().where(Job.dedupe_key == f"invite:{company['id']}")
    assert invites == 1
    notified = await AuditEvent.count().where(
        (AuditEvent.envelope == uuid.UUID(envelope["id"]))
        & (AuditEvent.action == "recipient.notified")
    )
    assert notified == 3  # customer, guarantor, then company once


async def test_approver_rejection_declines_the_envelope(
    mail_client: AsyncTestClient, org: Org, mail_settings: Settings, mailbox: Mailbox
) -> None:
    client = mail_client
    envelope = await send(client, org)
    await run_jobs(mail_settings)
    for role, email in (("customer", "chris@example.com"), ("guarantor", "gina@example.com")):
        await act(client, mailbox.link_for(email), role)
        await run_jobs(mail_settings)
    await act(client, mailbox.link_for("cora@example.com"), "company")
    await run_jobs(mail_settings)
    approver = mailbox.link_for("max@example.com")
    page = await client.get(f"{approver}/decline")
    token = csrf_from(page.text)
    empty = await client.post(f"{approver}/decline", data={"_csrf_token": token, "reason": "  "})
    assert empty.status_code == 303  # to the form again, saying what is wrong
    assert "Enter a reason" in (await client.get(empty.headers["location"])).text
    rejected = await client.post(
        f"{approver}/decline", data={"_csrf_token": token, "reason": "Amount exceeds the limit."}
    )
    assert rejected.status_code == 303 and rejected.headers["location"] == f"{approver}/"
    shown = await client.get(rejected.headers["location"])
    assert shown.status_code == 200 and "You rejected this document" in shown.text
    await run_jobs(mail_settings)
    final = await status_of(client, org, envelope["id"])
    assert final["status"] == "declined"
    assert final["decline_reason"] == "Amount exceeds the limit."
    sender_mail = mailbox.to("sender@example.com")
    assert sender_mail and "Amount exceeds the limit." in Mailbox.text(sender_mail[-1])
    assert "Max Manager (Manager)" in Mailbox.text(sender_mail[-1])
    # nothing more can happen on a declined envelope
    again = await client.get(mailbox.link_for("cora@example.com") + "/step/1")
    assert again.status_code in (303, 302, 410)


async def test_a_crash_before_routing_is_repaired(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """Simulate a crash between a completion and the routing step: the sweep opens the stage."""
    from runtime.envelopes.states import move_recipient
    from runtime.jobs.reconcile import reconcile_envelopes

    envelope = await send(client, org)
    for role in ("customer", "guarantor"):
        row = (
            await Recipient.select()
            .where((Recipient.envelope == uuid.UUID(envelope["id"])) & (Recipient.role == role))
            .first()
        )
        await move_recipient(row, org.id, "completed")  # no advance(): the "crash"

    def company():
        return (
            Recipient.select(Recipient.status)
            .where(  # noqa: E731
                (Recipient.envelope == uuid.UUID(envelope["id"])) & (Recipient.role == "company")
            )
            .first()
        )

    assert (await company())["status"] == "pending"
    assert await reconcile_envelopes() >= 1
    assert (await company())["status"] == "notified"
    await reconcile_envelopes()
    assert await Job.count().where(Job.dedupe_key.like("invite:%")) >= 1
