"""What walking through docs/api.md as an integrator showed: answers that did not match it.

One signed envelope serves the ZIP and the verification checks (sealing is the slow part).
"""

import csv
import io
import zipfile

from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from tests.integration.conftest import (
    Org,
    create_envelope,
    fill_demo,
    import_template,
    path_of,
    run_jobs,
)


async def test_every_refused_filter_names_its_parameter(client: AsyncTestClient, org: Org) -> None:
    """docs/api.md: "A wrong parameter (status=lost, from=31/01/2026, to before from) is a
    422 naming it"; the date order, too many words and a page past the 10,000th match did
    not (only `detail`, no `errors`), so a script could not tell which parameter to fix."""
    cases = [
        ("/api/v1/envelopes/search", {"from": "2026-11-10", "to": "2026-11-01"}, "to"),
        ("/api/v1/envelopes/export.csv", {"from": "2026-11-10", "to": "2026-11-01"}, "to"),
        ("/api/v1/envelopes/search", {"q": "a1 b2 c3 d4 e5 f6 g7 h8 i9"}, "q"),
        ("/api/v1/envelopes/search", {"page": "10001"}, "page"),
        (
            "/api/v1/envelopes",
            {"created_from": "2026-11-10", "created_to": "2026-11-01"},
            "created_to",
        ),
    ]
    for path, params, name in cases:
        answer = await client.get(path, headers=org.auth, params=params)
        assert answer.status_code == 422, (path, params, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
        problem = answer.json()
        assert [e["parameter"] for e in problem["errors"]] == [name], (path, problem)
        assert problem["errors"][0]["message"] == problem["detail"]


async def test_zip_manifest_times_and_verify_as_a_form_upload(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """The ZIP's manifest wrote completed_at as '2026-11-28 14:03:04.920764+00:00' where the
    CSV export (and every JSON answer) writes 2026-11-28T14:03:04Z; and `curl -F
    file=@sealed.pdf` to /api/v1/verify answered 200 "This file is not a PDF." about a
    sealed PDF: it is a 415 saying to send the PDF as the body. Seals one envelope (the
    slow part, 3-10 s) so both checks read a real sealed PDF."""
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    await fill_demo(client, path_of(envelope["recipients"][0]["signing_url"]))
    await run_jobs(settings)
    got = (await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)).json()
    assert got["status"] == "completed"

    params = {"template_id": template["id"]}
    answer = await client.get("/api/v1/envelopes/export.zip", params=params, headers=org.auth)
    assert answer.status_code == 200 and answer.headers["x-formseal-files"] == "1"
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        manifest = archive.read("manifest.csv").decode("utf-8-sig")
        (row,) = csv.DictReader(io.StringIO(manifest))
        assert row["envelope_id"] == envelope["id"]
        pdf = archive.read(row["file"])  # named as it downloads (docs/api.md)
    exported = await client.get("/api/v1/envelopes/export.csv", params=params, headers=org.auth)
    (csv_row,) = csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff")))
    assert row["completed_at"] == got["completed_at"] == csv_row["completed_at"]

    as_form = await client.post("/api/v1/verify", headers=org.auth, files={"file": pdf})
    assert as_form.status_code == 415, as_form.text
    assert as_form.headers["content-type"] == "application/problem+json"
    assert "Content-Type: application/pdf" in as_form.json()["detail"]
    as_body = await client.post(
        "/api/v1/verify", headers={**org.auth, "Content-Type": "application/pdf"}, content=pdf
    )
    assert as_body.status_code == 200 and as_body.json()["ok"] is True


async def test_a_bulk_file_over_20_mb_is_a_413_whatever_its_margin(
    client: AsyncTestClient, org: Org
) -> None:
    """docs/api.md: a bulk-send file over 20 MB is a 413. A file just over it (within the
    64 KB the body limit leaves for the form's other fields) was a 422 instead."""
    from runtime.bulk.tables_io import MAX_FILE_BYTES

    template = await import_template(client, org)
    rows = b"name,email\n" + b"x" * MAX_FILE_BYTES
    answer = await client.post(
        "/api/v1/bulk-sends",
        headers=org.auth,
        data={"template_id": template["id"], "dry_run": "true"},
        files={"file": ("rows.csv", rows, "text/csv")},
    )
    assert answer.status_code == 413, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["detail"].startswith("The file is larger than 20 MB")


async def test_a_shared_template_says_why_its_subsidiary_cannot_export_or_publish_it(
    client: AsyncTestClient,
) -> None:
    """docs/api.md: a shared template can be read and sent, not published or exported by the
    subsidiary. Its export answered "No template with id …" about a template the list shows."""
    from tests.integration.groups.conftest import make_group, share

    group = await make_group()
    shared = await import_template(client, group.parent)
    await share(shared["id"])
    read = await client.get(f"/api/v1/templates/{shared['id']}", headers=group.a.auth)
    assert read.status_code == 200
    exported = await client.get(f"/api/v1/templates/{shared['id']}/export", headers=group.a.auth)
    published = await client.post(
        f"/api/v1/templates/{shared['id']}/publish",
        content=b"{}",
        headers={**group.a.auth, "Content-Type": "application/json"},
    )
    for answer, verb in ((exported, "exports"), (published, "publishes")):
        assert answer.status_code == 404, answer.text
        detail = answer.json()["detail"]
        assert detail.startswith("“Service agreement” is shared with your organisation"), detail
        assert f"only the organisation that owns it {verb} it" in detail
    own = await client.get(f"/api/v1/templates/{shared['id']}/export", headers=group.parent.auth)
    assert own.status_code == 200
