"""Groups through the API: a parent shares a template, subsidiary A sends it in its own
name and in the parent's (legal names in the invitation mail and the certificate of
completion of the sealed PDF), and sibling B sees none of it.

Two seals per engine; everything else is plain HTTP and the real mail server.
"""

import io

from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from runtime.settings import Settings
from tests.integration.conftest import (
    Mailbox,
    create_envelope,
    demo_definition,
    fill_demo,
    import_template,
    open_link,
    path_of,
    run_jobs,
)
from tests.integration.groups.conftest import make_group, share


async def test_subsidiary_sends_shared_template_in_own_and_parent_name(
    mail_client: AsyncTestClient, mail_settings: Settings, mailbox: Mailbox
) -> None:
    group = await make_group()
    template = await import_template(mail_client, group.parent)
    await share(template["id"], "choice")

    # A's key lists the shared template (marked shared, with its owner) and reads it
    listed = (await mail_client.get("/api/v1/templates", headers=group.a.auth)).json()["items"]
    [item] = [t for t in listed if t["id"] == template["id"]]
    assert item["shared"] is True and item["owner_organisation_id"] == str(group.parent.id)
    got = await mail_client.get(f"/api/v1/templates/{template['id']}", headers=group.a.auth)
    assert got.status_code == 200 and got.json()["definition"]["roles"]

    own = await create_envelope(
        mail_client, group.a, template["id"], recipients=[_alex("own@example.com")]
    )
    as_parent = await create_envelope(
        mail_client,
        group.a,
        template["id"],
        recipients=[_alex("parent@example.com")],
        sent_as=str(group.parent.id),
    )
    assert own["sent_as"] == str(group.a.id)
    assert as_parent["sent_as"] == str(group.parent.id)
    await run_jobs(mail_settings)

    [mail_own] = mailbox.to("own@example.com")
    [mail_parent] = mailbox.to("parent@example.com")
    assert group.a_legal in mailbox.text(mail_own)
    assert group.parent_legal not in mailbox.text(mail_own)
    assert group.parent_legal in mailbox.text(mail_parent)
    assert group.a_legal not in mailbox.text(mail_parent)

    # the signing page shows the same legal name
    page = await open_link(mail_client, path_of(as_parent["recipients"][0]["signing_url"]))
    assert group.parent_legal in page.text and group.a_legal not in page.text

    await fill_demo(mail_client, path_of(own["recipients"][0]["signing_url"]))
    await fill_demo(mail_client, path_of(as_parent["recipients"][0]["signing_url"]))
    await run_jobs(mail_settings)
    for envelope, legal, other in (
        (own, group.a_legal, group.parent_legal),
        (as_parent, group.parent_legal, group.a_legal),
    ):
        sealed = await mail_client.get(
            f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=group.a.auth
        )
        assert sealed.status_code == 200
        certificate = PdfReader(io.BytesIO(sealed.content)).pages[-1].extract_text()
        assert legal in certificate and other not in certificate

    # A's archive export by the shared template has a column per field and both envelopes
    export = await mail_client.get(
        f"/api/v1/envelopes/export.csv?template_id={template['id']}", headers=group.a.auth
    )
    assert export.status_code == 200, export.text
    assert own["id"] in export.text and as_parent["id"] in export.text
    assert "full_name" in export.text.splitlines()[0]

    # sibling B: nothing of A's, through every API route
    for path in ("", "/sealed.pdf", "/audit"):
        answer = await mail_client.get(f"/api/v1/envelopes/{own['id']}{path}", headers=group.b.auth)
        assert answer.status_code == 404, (path, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
    listing = (await mail_client.get("/api/v1/envelopes", headers=group.b.auth)).json()
    assert listing["items"] == []
    # the parent cannot void or fetch a subsidiary's envelope through the API either:
    # API keys stay scoped to one organisation
    answer = await mail_client.get(f"/api/v1/envelopes/{own['id']}", headers=group.parent.auth)
    assert answer.status_code == 404


async def test_unshared_templates_and_bad_sent_as_are_refused(
    client: AsyncTestClient,
) -> None:
    group = await make_group()
    shared = await import_template(client, group.parent)
    await share(shared["id"], "own")
    private = demo_definition()
    private["name"] = "Parent only"
    unshared = await import_template(client, group.parent, private)
    a_own = await import_template(client, group.a)

    listed = (await client.get("/api/v1/templates", headers=group.b.auth)).json()["items"]
    ids = {t["id"] for t in listed}
    assert shared["id"] in ids
    assert unshared["id"] not in ids and a_own["id"] not in ids  # parent's private, sibling's

    async def send(org, template_id: str, **extra) -> tuple[int, dict]:
        body = {
            "template_id": template_id,
            "recipients": [_alex("x@example.com")],
            **extra,
        }
        answer = await client.post("/api/v1/envelopes", json=body, headers=org.auth)
        return answer.status_code, answer.json()

    for template_id in (unshared["id"], a_own["id"]):
        status, problem = await send(group.b, template_id)
        assert status == 404, problem
        assert problem["detail"] == f"No template with id {template_id}."
        got = await client.get(f"/api/v1/templates/{template_id}", headers=group.b.auth)
        assert got.status_code == 404

    # "own": always the subsidiary's name; asking for the parent's is a 422 that says why
    status, problem = await send(group.b, shared["id"], sent_as=str(group.parent.id))
    assert status == 422, problem
    assert problem["errors"][0]["path"] == "$.sent_as"
    assert group.b_legal in problem["errors"][0]["message"]
    assert "leave sent_as out" in problem["errors"][0]["message"]

    # "choice": only the sender's organisation or the owner, never a sibling
    await share(shared["id"], "choice")
    status, problem = await send(group.b, shared["id"], sent_as=str(group.a.id))
    assert status == 422, problem
    message = problem["errors"][0]["message"]
    assert group.b_legal in message and group.parent_legal in message
    assert group.a_legal not in message

    # a subsidiary sends a shared template but cannot publish (edit) it
    answer = await client.post(
        f"/api/v1/templates/{shared['id']}/publish",
        content=b"{}",
        headers={**group.a.auth, "Content-Type": "application/json"},
    )
    assert answer.status_code == 404

    # a bulk send (preview) works from a shared template, not from an unshared one
    csv = b"customer.name,customer.email\nA,a@example.com\n"
    for template_id, expected in ((shared["id"], 200), (unshared["id"], 404)):
        preview = await client.post(
            "/api/v1/bulk-sends",
            headers=group.b.auth,
            files={"file": ("r.csv", csv, "text/csv")},
            data={"template_id": template_id, "dry_run": "true"},
        )
        assert preview.status_code == expected, preview.text

    # "owner": always the parent's name
    await share(shared["id"], "owner")
    status, created = await send(group.b, shared["id"])
    assert status == 201, created
    assert created["sent_as"] == str(group.parent.id)


def _alex(email: str) -> dict:
    return {"role": "customer", "name": "Alex Example", "email": email}
