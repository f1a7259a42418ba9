"""The document editor (blocks, sanitising, Word import) and roles with signing stages."""

from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx
from tests.integration.designer.docx_sample import sample_docx
from tests.integration.designer.helpers import create, definition_of, seeded


async def test_blocks_are_added_edited_sanitised_and_moved(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in)
    page = await client.get(f"{base}/document")
    assert page.status_code == 200 and "Made with" in page.text
    added = await client.post(
        f"{base}/blocks", data={"kind": "clause", "at": "2"}, headers=hx(signed_in)
    )
    assert added.status_code == 200
    assert "Choose when to show this clause" in added.text  # its rule is not chosen yet
    hostile = (
        '<p onclick="steal()">Fee: <b>{{ full_name }}</b><script>alert(1)</script>'
        '<a href="javascript:alert(1)" hx-get="/x">x</a><img src=x onerror=alert(2)></p>'
    )
    saved = await client.post(
        f"{base}/properties",
        data={"item": "block:2", "tab": "document", "html": hostile},
        headers=hx(signed_in),
    )
    assert saved.status_code == 200, saved.text
    block = (await definition_of(base))["document"][2]
    assert block["html"] == '<p>Fee: <b>{{ full_name }}</b><a rel="noopener noreferrer">x</a></p>'
    assert (
        "<script" not in saved.text
        and "onerror" not in saved.text
        and 'hx-get="/x"' not in saved.text
    )
    moved = await client.post(
        f"{base}/blocks/2/move", data={"direction": "up"}, headers=hx(signed_in)
    )
    assert moved.status_code == 200
    assert (await definition_of(base))["document"][1]["html"].startswith("<p>Fee:")
    heading = await client.post(
        f"{base}/properties",
        data={
            "item": "block:0",
            "tab": "document",
            "text": "Consulting <agreement>",
            "level": "1",
        },
        headers=hx(signed_in),
    )
    assert "Consulting &lt;agreement&gt;" in heading.text
    gone = await client.post(f"{base}/blocks/3/delete", headers=hx(signed_in))
    assert gone.status_code == 200
    assert len((await definition_of(base))["document"]) == 3


async def test_a_word_contract_becomes_a_template(client: AsyncTestClient, signed_in: str) -> None:
    response = await client.post(
        "/designer/templates/import-docx",
        data={"_csrf_token": signed_in},
        files={"file": ("Consulting_agreement.docx", sample_docx(), "application/octet-stream")},
    )
    assert response.status_code == 303, response.text
    base = response.headers["location"].rsplit("/", 1)[0]
    definition = await definition_of(base)
    assert definition["name"] == "Consulting agreement"
    kinds = [(b["kind"], b.get("level")) for b in definition["document"]]
    assert kinds[:3] == [("heading", 1), ("paragraph", None), ("heading", 2)]
    assert "<strong>reasonable skill</strong>" in definition["document"][3]["html"]
    assert 'href="https://example.com/terms"' in definition["document"][3]["html"]
    assert (
        definition["document"][4]["text"] == "Fees <script>alert(1)</script>"
    )  # text, escaped on output
    assert definition["document"][5]["html"] == "<p>Day rate — EUR 900</p>"
    page = await client.get(f"{base}/document")
    assert "Fees &lt;script&gt;" in page.text and "<script>alert" not in page.text


async def test_a_broken_upload_is_refused_with_a_reason(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await create(client, signed_in, "Docx target")
    refused = await client.post(
        f"{base}/import-docx",
        files={
            "file": ("contract.docx", b"PK\x03\x04 not really a zip", "application/octet-stream")
        },
        headers=hx(signed_in),
    )
    assert refused.status_code == 422
    assert "not a Word document" in refused.text


async def test_roles_stages_and_conditions(client: AsyncTestClient, signed_in: str) -> None:
    base = await seeded(client, signed_in)
    page = await client.get(f"{base}/roles")
    assert page.status_code == 200 and "Stage 1" in page.text
    await client.post(f"{base}/roles", data={"kind": "signer"}, headers=hx(signed_in))
    await client.post(f"{base}/roles", data={"kind": "approver"}, headers=hx(signed_in))
    roles = (await definition_of(base))["roles"]
    assert [(r["key"], r["stage"]) for r in roles] == [
        ("client", 1),
        ("signer", 2),
        ("approver", 3),
    ]
    parallel = await client.post(
        f"{base}/roles/signer/stage", data={"stage": "1", "to": "1"}, headers=hx(signed_in)
    )
    assert parallel.status_code == 200 and "2 roles at the same time" in parallel.text
    roles = (await definition_of(base))["roles"]
    assert [(r["key"], r["stage"]) for r in roles] == [
        ("client", 1),
        ("signer", 1),
        ("approver", 2),
    ]
    renamed = await client.post(
        f"{base}/properties",
        data={
            "item": "role:signer",
            "tab": "roles",
            "name": "Guarantor",
            "kind": "signer",
            "key": "signer",
        },
        headers=hx(signed_in),
    )
    assert renamed.status_code == 200
    assert 'value="guarantor"' in renamed.text  # the key followed the name
    # The identity check each role must pass (#4 point 6): chosen from a labelled select.
    checked = await client.post(
        f"{base}/properties",
        data={"item": "role:guarantor", "tab": "roles", "name": "Guarantor", "kind": "signer"}
        | {"key": "guarantor", "identity": "email_code"},
        headers=hx(signed_in),
    )
    assert checked.status_code == 200
    panel = await client.get(f"{base}/roles", params={"select": "role:guarantor"})
    assert 'for="prop-identity"' in panel.text
    # when it is asked, for a copy role too (decision 0011), tied to the select
    assert "again before the sealed PDF is downloaded" in panel.text
    assert 'aria-describedby="identity-hint"' in panel.text
    assert '<option value="email_code" selected>' in panel.text
    bogus = await client.post(
        f"{base}/properties",
        data={"item": "role:guarantor", "tab": "roles", "name": "Guarantor", "kind": "signer"}
        | {"key": "guarantor", "identity": "palm_reading"},
        headers=hx(signed_in),
    )
    assert bogus.status_code == 422 and "Choose one of the identity checks." in bogus.text
    guarantor = next(r for r in (await definition_of(base))["roles"] if r["key"] == "guarantor")
    assert guarantor["identity"] == "email_code"
    rule = await client.post(
        f"{base}/rules",
        data={
            "item": "role:guarantor",
            "tab": "roles",
            "cond_field": "client_type",
            "cond_op": "eq",
            "cond_value": "company",
            "combinator": "all",
        },
        headers=hx(signed_in),
    )
    assert "Include this role when “Client type” is Company" in rule.text
    earlier = await client.post(
        f"{base}/roles/approver/move", data={"direction": "earlier"}, headers=hx(signed_in)
    )
    assert earlier.status_code == 200
    roles = {r["key"]: r for r in (await definition_of(base))["roles"]}
    assert roles["approver"]["stage"] == 1
    assert roles["guarantor"]["condition"] == {"and": [{"==": [{"var": "client_type"}, "company"]}]}
    busy = await client.post(f"{base}/roles/client/delete", headers=hx(signed_in))
    assert busy.status_code == 422 and "Client fills in 3 steps (“Your details”," in busy.text
    # the pane says so before anyone clicks: its Delete role is disabled, with the reason
    panel = await client.get(f"{base}/properties?tab=roles&select=role:client")
    assert 'disabled aria-describedby="role-delete-hint">Delete role</button>' in panel.text
    assert "To delete Client, first give its steps to another role" in panel.text
    free = await client.get(f"{base}/properties?tab=roles&select=role:approver")
    assert f'hx-post="{base}/roles/approver/delete"' in free.text


async def test_a_broken_word_file_on_the_library_explains_itself(
    client: AsyncTestClient, signed_in: str
) -> None:
    refused = await client.post(
        "/designer/templates/import-docx",
        data={"_csrf_token": signed_in},
        files={"file": ("contract.docx", b"not a zip", "application/octet-stream")},
    )
    assert refused.status_code == 422
    assert "The Word document was not imported" in refused.text
    assert "New template" in refused.text  # the library again, not an error page
