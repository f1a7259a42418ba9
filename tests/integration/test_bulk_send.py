"""Bulk send from CSV and XLSX: preview with mapping and row errors, then one envelope per row."""

import io
import time
import zipfile

import pytest
from litestar.testing import AsyncTestClient
from openpyxl import Workbook

from runtime.bulk import service as bulk_service
from runtime.jobs.worker import Worker
from runtime.settings import Settings
from runtime.tables import Envelope
from tests.integration.conftest import Org, import_template

HEADER = "Customer name,Customer email,Service start date,Company name (optional)\n"


def csv_rows(count: int, start: int = 0) -> bytes:
    lines = [
        f"Person {i},person{i}@example.com,2027-01-{(i % 28) + 1:02d},Firm {i}\n"
        for i in range(start, start + count)
    ]
    return (HEADER + "".join(lines)).encode()


async def post_bulk(
    client: AsyncTestClient,
    org: Org,
    template_id: str,
    data: bytes,
    name: str = "rows.csv",
    **form: str,
):
    return await client.post(
        "/api/v1/bulk-sends",
        headers=org.auth,
        files={"file": (name, data, "text/csv")},
        data={"template_id": template_id, **form},
    )


async def test_rows_are_sent_in_chunks(
    client: AsyncTestClient, org: Org, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Chunks of 20 rows instead of 200, and two full chunks and a short one: the same code
    # path (each chunk queues the next, the short last one finishes the send) at a tenth of
    # the rows. The volume (10,000 rows, time and memory) is measured by
    # tests/perf/bench_bulk.py on a pooled server, not here.
    monkeypatch.setattr(bulk_service, "CHUNK", 20)
    rows = 2 * bulk_service.CHUNK + 7
    template = await import_template(client, org)
    preview = await post_bulk(client, org, template["id"], csv_rows(rows), dry_run="true")
    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert body["total"] == rows and body["valid"] == rows and body["errors"] == []
    assert body["mapping"]["recipients"] == {
        "customer": {"name": "Customer name", "email": "Customer email"}
    }
    assert body["mapping"]["prefill"] == {
        "start_date": "Service start date",
        "company": "Company name (optional)",
    }
    assert (
        await Envelope.count().where(Envelope.organisation == org.id) == 0
    )  # a preview sends nothing

    began = time.monotonic()
    started = await post_bulk(client, org, template["id"], csv_rows(rows), message="Welcome aboard")
    assert started.status_code == 202, started.text
    assert time.monotonic() - began < 10  # the request only checks and queues
    bulk = started.json()
    assert bulk["status"] == "queued" and bulk["total"] == rows

    chunks = await Worker(settings, kinds=("bulk_send",)).run_until_idle()
    assert chunks == 3  # one job per chunk of rows
    progress = (await client.get(f"/api/v1/bulk-sends/{bulk['id']}", headers=org.auth)).json()
    assert (
        progress["status"] == "done" and progress["created"] == rows and progress["progress"] == 1.0
    )
    assert await Envelope.count().where(Envelope.organisation == org.id) == rows
    one = (
        await Envelope.select(Envelope.prefill, Envelope.message)
        .where(Envelope.bulk_key == f"{bulk['id']}:7")
        .output(load_json=True)
        .first()
    )
    assert one["prefill"] == {"start_date": "2027-01-08", "company": "Firm 7"}
    assert one["message"] == "Welcome aboard"


async def test_row_errors_stop_the_whole_file(client: AsyncTestClient, org: Org) -> None:
    template = await import_template(client, org)
    data = (HEADER + "Ann,ann@example.com,2027-01-01,\n,bob@example,31/02/2027,\n").encode()
    preview = (await post_bulk(client, org, template["id"], data, dry_run="true")).json()
    assert preview["valid"] == 1 and preview["error_count"] == 3
    assert {(e["row"], e["column"]) for e in preview["errors"]} == {
        (3, "Customer name"),
        (3, "Customer email"),
        (3, "Service start date"),
    }
    refused = await post_bulk(client, org, template["id"], data)
    assert refused.status_code == 422
    # one row holds the three errors: the detail counts rows, as the preview's `valid` does
    assert refused.json()["detail"].startswith("1 row has errors; nothing was sent.")
    assert len(refused.json()["errors"]) == 3
    assert await Envelope.count().where(Envelope.organisation == org.id) == 0

    missing = await post_bulk(client, org, template["id"], b"Name only\nAnn\n")
    assert missing.status_code == 422 and "customer.email" in missing.json()["detail"]


async def test_xlsx_and_hostile_files(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template = await import_template(client, org)
    book = Workbook()
    sheet = book.active
    sheet.append(["customer.name", "customer.email", "start_date"])
    sheet.append(["Xuân Nguyễn", "xuan@example.com", "2027-02-01"])
    buffer = io.BytesIO()
    book.save(buffer)
    started = await post_bulk(client, org, template["id"], buffer.getvalue(), "rows.xlsx")
    assert started.status_code == 202, started.text
    await Worker(settings, kinds=("bulk_send",)).run_until_idle()
    assert await Envelope.count().where(Envelope.organisation == org.id) == 1

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/huge.xml", b"\0" * (210 * 1024 * 1024))
    refused = await post_bulk(client, org, template["id"], bomb.getvalue(), "rows.xlsx")
    assert refused.status_code == 422 and "200 MB" in refused.json()["detail"]
    latin1 = await post_bulk(
        client, org, template["id"], "name,email\nJosé,j@example.com\n".encode("latin-1")
    )
    assert latin1.status_code == 422 and "UTF-8" in latin1.json()["detail"]
    empty = await post_bulk(client, org, template["id"], b"")
    assert empty.status_code == 422
