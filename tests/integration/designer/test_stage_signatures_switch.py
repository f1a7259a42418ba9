"""The per-stage signatures switch in the template properties panel: stored in the definition,
published with the version, defaulting to FORMSEAL_STAGE_SIGNATURES for new templates; a
sealed PDF of a two-stage template switched on carries the stage approvals in order."""

import io
import uuid
from dataclasses import replace

from litestar.testing import AsyncTestClient
from pyhanko.pdf_utils.reader import PdfFileReader

from designer.tables import Draft
from runtime.settings import Settings
from tests.integration.conftest import (
    Org,
    app_client,
    create_envelope,
    open_link,
    path_of,
    run_jobs,
)
from tests.integration.designer.conftest import hx, make_author, sign_in
from tests.integration.designer.helpers import create, definition_of, seeded

TWO_STAGES = {
    "name": "Purchase request",
    "roles": [
        {"key": "requester", "name": "Requester", "kind": "signer", "stage": 1},
        {"key": "approver", "name": "Approver", "kind": "signer", "stage": 2},
    ],
    "sections": [
        {
            "key": "request",
            "title": "Request",
            "role": "requester",
            "fields": [
                {"key": "item", "component": "text", "label": "Item", "required": True},
                {"key": "requester_sig", "component": "signature", "label": "Signature"},
            ],
        },
        {
            "key": "approval",
            "title": "Approval",
            "role": "approver",
            "fields": [{"key": "approver_sig", "component": "signature", "label": "Signature"}],
        },
    ],
    "document": [
        {"kind": "heading", "text": "Purchase request", "level": 1},
        {"kind": "paragraph", "html": "<p>Please buy {{ item }}.</p>"},
        {"kind": "signature", "role": "requester"},
        {"kind": "signature", "role": "approver"},
    ],
}

CHECKBOX = 'id="prop-stage-signatures"'


async def _revision(base: str) -> int:
    row = await Draft.select(Draft.revision).where(Draft.id == uuid.UUID(base.rsplit("/", 1)[1]))
    return row[0]["revision"]


async def _template_panel(client: AsyncTestClient, base: str, token: str) -> str:
    panel = await client.get(f"{base}/properties?select=template", headers=hx(token))
    assert panel.status_code == 200, panel.text
    assert CHECKBOX in panel.text
    return panel.text


def _checked(panel: str) -> bool:
    tag = panel.split(CHECKBOX, 1)[1].split(">", 1)[0]
    return " checked" in tag


async def _save_template(
    client: AsyncTestClient, base: str, token: str, *, stage_signatures: bool
) -> None:
    data = {"item": "template", "name": "Purchase request", "language": "en"}
    data["signature_policy"] = "typed_allowed"
    if stage_signatures:
        data["stage_signatures"] = "on"
    saved = await client.post(
        f"{base}/properties", data=data, headers=hx(token, await _revision(base))
    )
    assert saved.status_code == 200, saved.text


async def _sign(client: AsyncTestClient, link: str, data: dict) -> None:
    await open_link(client, link)
    step = await client.post(f"{link}/step/1", data=data)
    assert step.status_code == 303, step.text
    assert (await client.post(f"{link}/finish")).status_code == 303


async def test_switch_is_published_and_seals_each_stage_in_order(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    author = await make_author(org.id)
    token = await sign_in(client, author)
    blank = await create(client, token, "Blank")
    assert not _checked(await _template_panel(client, blank, token))  # the instance default
    assert "stage_signatures" not in (await definition_of(blank)).get("settings", {})

    base = await seeded(client, token, TWO_STAGES)
    await _save_template(client, base, token, stage_signatures=True)
    assert (await definition_of(base))["settings"]["stage_signatures"] is True
    assert _checked(await _template_panel(client, base, token))

    published = await client.post(f"{base}/publish", data={"_csrf_token": token})
    assert published.status_code == 303, published.text
    draft = await Draft.objects().where(Draft.id == uuid.UUID(base.rsplit("/", 1)[1])).first()
    assert draft is not None and draft.template is not None
    template = (await client.get(f"/api/v1/templates/{draft.template}", headers=org.auth)).json()
    assert template["definition"]["settings"]["stage_signatures"] is True

    envelope = await create_envelope(
        client,
        org,
        str(draft.template),
        recipients=[
            {"role": "requester", "name": "Rita Requester", "email": "rita@example.com"},
            {"role": "approver", "name": "Abe Approver", "email": "abe@example.com"},
        ],
        prefill={},
    )
    links = {r["role"]: path_of(r["signing_url"]) for r in envelope["recipients"]}
    await _sign(
        client,
        links["requester"],
        {
            "item": "two monitors",
            "requester_sig__typed": "Rita Requester",
            "__shown": "item requester_sig",
        },
    )
    await _sign(client, links["approver"], {"approver_sig__typed": "Abe Approver"})
    await run_jobs(settings)

    sealed = await client.get(f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=org.auth)
    assert sealed.status_code == 200, sealed.text
    signatures = PdfFileReader(io.BytesIO(sealed.content)).embedded_signatures
    assert [s.field_name for s in signatures] == ["Seal", "Stage1", "Stage2"]
    reasons = [str(s.sig_object.get("/Reason")) for s in signatures]
    assert reasons[1].startswith("Stage 1 approved by Rita Requester")
    assert reasons[2].startswith("Stage 2 approved by Abe Approver")
    assert signatures[0].docmdp_level is not None  # the seal certifies; stages only fill fields


async def test_instance_default_applies_to_new_templates_and_authors_can_turn_it_off(
    settings: Settings,
) -> None:
    async with app_client(replace(settings, stage_signatures=True)) as client:
        author = await make_author()
        token = await sign_in(client, author)
        base = await create(client, token, "Purchase request")
        assert (await definition_of(base))["settings"] == {"stage_signatures": True}
        assert _checked(await _template_panel(client, base, token))

        await _save_template(client, base, token, stage_signatures=False)
        assert "settings" not in await definition_of(base)  # false is the definition default
        assert not _checked(await _template_panel(client, base, token))
