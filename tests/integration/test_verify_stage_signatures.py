"""/verify with a real two-stage sealed PDF: each stage approval reads "Stage 1" (its field is
still `Stage1` in the file), names the people who completed the stage rather than "by
formseal seal", and its reason is in the page's language; a reason formseal did not write is
shown as it is in the file, and the envelope id is one unbreakable-at-a-hyphen block. The
seal reads "Sealed by formseal" (the default organisation's certificate is "formseal seal"),
and the API says what the English page says. SQLite and PostgreSQL."""

import re
from io import BytesIO

import pytest
from litestar.testing import AsyncTestClient
from pypdf import PdfWriter

from runtime.settings import Settings
from tests.integration.conftest import (
    Org,
    create_envelope,
    csrf_from,
    import_template,
    open_link,
    path_of,
    run_jobs,
)

DEFINITION = {
    "name": "Expense claim (stages)",
    "roles": [
        {"key": "claimant", "name": "Claimant", "stage": 1},
        {"key": "manager", "name": "Manager", "stage": 2},
    ],
    "settings": {"stage_signatures": True},
    "sections": [
        {
            "key": "claim",
            "title": "Claim",
            "role": "claimant",
            "fields": [{"key": "claimant_sig", "component": "signature", "label": "Signature"}],
        },
        {
            "key": "approval",
            "title": "Approval",
            "role": "manager",
            "fields": [{"key": "manager_sig", "component": "signature", "label": "Signature"}],
        },
    ],
}


async def _sealed(client: AsyncTestClient, org: Org, settings: Settings) -> tuple[str, bytes]:
    template = await import_template(client, org, DEFINITION)
    envelope = await create_envelope(
        client,
        org,
        template["id"],
        recipients=[
            {"role": "claimant", "name": "Cy Claimant", "email": "cy@example.com"},
            {"role": "manager", "name": "Mo Manager", "email": "mo@example.com"},
        ],
        prefill={},
    )
    links = {r["role"]: path_of(r["signing_url"]) for r in envelope["recipients"]}
    for role, answers in [
        ("claimant", {"claimant_sig__typed": "Cy Claimant"}),
        ("manager", {"manager_sig__typed": "Mo Manager"}),
    ]:
        await open_link(client, links[role])
        assert (await client.post(f"{links[role]}/step/1", data=answers)).status_code == 303
        assert (await client.post(f"{links[role]}/finish")).status_code == 303
    await run_jobs(settings)
    response = await client.get(f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=org.auth)
    assert response.status_code == 200, response.text
    return envelope["id"], response.content


async def _report(client: AsyncTestClient, pdf: bytes, language: str) -> str:
    token = csrf_from((await client.get("/verify")).text)
    page = await client.post(
        "/verify",
        files={"file": ("sealed.pdf", pdf, "application/pdf")},
        data={"_csrf_token": token, "language": language},
    )
    assert page.status_code == 200
    return page.text


def _signatures(page: str) -> list[tuple[str, str]]:
    """(label, the line under it without its verdict and time) of each signature."""
    rows = re.findall(
        r'summary-list__key">(\d\. [^<]+)</dt>\s*<dd class="summary-list__value">'
        r"<strong>[^<]+</strong>\s*· (.*?) · <span",
        page,
        re.S,
    )
    return [(label, made_by) for label, made_by in rows]


async def test_stage_approvals_read_as_people_say_them(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    envelope_id, pdf = await _sealed(client, org, settings)

    page = await _report(client, pdf, "en")
    assert '<h1 class="panel__title">Valid</h1>' in page
    key = re.search(r'Sealed by</dt><dd class="summary-list__value">([^<]+)<', page)
    assert key and key.group(1) == "formseal"  # not the certificate's "formseal seal"
    assert "formseal seal" not in page.replace("Common Name: formseal seal", "")
    assert _signatures(page) == [
        ("1. Seal", "Sealed by formseal"),
        ("2. Stage 1", "Stage approval by Cy Claimant"),
        ("3. Stage 2", "Stage approval by Mo Manager"),
    ]
    assert "Stage1" not in page and "Stage2" not in page
    # the reason as written, its time (with "UTC") on one line
    stamp = r'<span class="nowrap">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC</span>'
    assert re.search(rf"Stage 1 approved by Cy Claimant \(stage completed {stamp}\)", page)
    # the envelope id is one block: no line ends at one of its hyphens (.reference--id)
    assert f'<dd class="summary-list__value reference reference--id">{envelope_id}</dd>' in page

    page = await _report(client, pdf, "fr")
    assert _signatures(page) == [
        ("1. Sceau", "Scellé par formseal"),
        ("2. Étape 1", "Approbation d’étape par Cy Claimant"),
        ("3. Étape 2", "Approbation d’étape par Mo Manager"),
    ]
    # the seal's reason, "Sealed by formseal", is what the line above it says: not repeated
    assert page.count("Scellé par formseal") == 1
    assert re.search(rf"Étape 1 approuvée par Cy Claimant \(étape terminée le {stamp}\)", page)
    assert re.search(rf"Étape 2 approuvée par Mo Manager \(étape terminée le {stamp}\)", page)
    assert "approved by" not in page and "Sealed by formseal" not in page

    page = await _report(client, pdf, "zh-CN")
    assert "第 1 阶段已由 Cy Claimant 审批" in page and "approved by" not in page

    # a page added after the last approval: the finding names the stage as the list does
    writer = PdfWriter(BytesIO(pdf), incremental=True)
    writer.add_blank_page(595, 842)
    changed = BytesIO()
    writer.write(changed)
    page = await _report(client, changed.getvalue(), "en")
    assert "Content was appended after the last signature (Stage 2)." in page
    page = await _report(client, changed.getvalue(), "fr")
    assert "après la dernière signature (Étape 2)" in page and "Stage2" not in page

    # the API, in English, says what the English page says, the file's names kept beside
    answer = await client.post(
        "/api/v1/verify", headers={**org.auth, "Content-Type": "application/pdf"}, content=pdf
    )
    report = answer.json()
    assert (report["signer"], report["signer_name"]) == ("formseal seal", "formseal")
    assert [(s["field"], s["label"], s["made_by"]) for s in report["signatures"]] == [
        ("Seal", "Seal", "Sealed by formseal"),
        ("Stage1", "Stage 1", "Stage approval by Cy Claimant"),
        ("Stage2", "Stage 2", "Stage approval by Mo Manager"),
    ]
    assert report["signatures"][1]["reason"].startswith("Stage 1 approved by Cy Claimant (")
    answer = await client.post(
        "/api/v1/verify",
        headers={**org.auth, "Content-Type": "application/pdf", "Accept-Language": "fr"},
        content=changed.getvalue(),
    )
    assert any("the last signature (Stage 2)." in r for r in answer.json()["reasons"])


async def test_a_reason_formseal_did_not_write_stays_as_written(
    client: AsyncTestClient, org: Org, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An approval whose reason names nobody, and one in words this version does not know
    (an older or a later formseal's): the line says what the signature attests."""
    from runtime.sealing import approvals

    written = {1: "Stage 1 approved by its recipients", 2: "Approved on paper by the board"}
    monkeypatch.setattr(approvals, "stage_reason", lambda stage: written[stage.number])
    _, pdf = await _sealed(client, org, settings)

    page = await _report(client, pdf, "en")
    assert _signatures(page)[1:] == [
        ("2. Stage 1", "Sealed by formseal to record that stage 1 was completed"),
        ("3. Stage 2", "Sealed by formseal to record that stage 2 was completed"),
    ]
    assert "Approved on paper by the board" in page

    page = await _report(client, pdf, "fr")
    assert _signatures(page)[1:] == [
        ("2. Étape 1", "Scellé par formseal pour attester que l’étape 1 était terminée"),
        ("3. Étape 2", "Scellé par formseal pour attester que l’étape 2 était terminée"),
    ]
    assert "Étape 1 approuvée par ses destinataires<" in page
    assert '<span class="hint">Approved on paper by the board</span>' in page
