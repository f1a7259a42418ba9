"""Exports say what the screens say. The CSV's recipients read "(customer, notified)" where
the envelope list says the role's name and "invited"; the ZIP's manifest named no sender
where the CSV has a `sender` column."""

import csv
import io
import zipfile

from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from tests.integration.conftest import (
    Org,
    create_envelope,
    demo_definition,
    fill_demo,
    import_template,
    path_of,
    run_jobs,
)


def _rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


async def test_recipients_read_as_the_envelope_list_and_the_manifest_names_the_sender(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    definition = demo_definition()
    definition["roles"][0]["name"] = "Borrower"  # key stays "customer"
    template = await import_template(client, org, definition)
    waiting = await create_envelope(
        client,
        org,
        template["id"],
        recipients=[{"role": "customer", "name": "Ana Lee", "email": "ana@example.com"}],
    )
    signed = await create_envelope(
        client,
        org,
        template["id"],
        recipients=[{"role": "customer", "name": "Bo Chan", "email": "bo@example.com"}],
    )
    await fill_demo(client, path_of(signed["recipients"][0]["signing_url"]), name="Bo Chan")
    await run_jobs(settings)

    params = {"template_id": template["id"]}
    exported = await client.get("/api/v1/envelopes/export.csv", params=params, headers=org.auth)
    by_id = {r["envelope_id"]: r for r in _rows(exported.content)}
    assert by_id[waiting["id"]]["recipients"] == "Ana Lee <ana@example.com> (Borrower, invited)"
    assert by_id[signed["id"]]["recipients"] == "Bo Chan <bo@example.com> (Borrower, done)"
    assert "notified" not in exported.text and "(customer" not in exported.text

    zipped = await client.get("/api/v1/envelopes/export.zip", params=params, headers=org.auth)
    assert zipped.status_code == 200 and zipped.headers["x-formseal-files"] == "1"
    manifest = zipfile.ZipFile(io.BytesIO(zipped.content)).read("manifest.csv")
    (row,) = _rows(manifest)
    assert list(row) == ["file", "envelope_id", "template", "completed_at", "sha256", "sender"]
    assert row["envelope_id"] == signed["id"]
    assert row["sender"] == by_id[signed["id"]]["sender"] == "API"  # made through the API
