"""Bulk sends: preview the mapping and row errors, then queue one envelope per row.

The request only reads and checks the file; a job creates the envelopes in chunks, so
10,000 rows never time out a request. Each row's envelope carries `bulk_key`
(`<bulk id>:<row>`), so a chunk re-run after a crash skips rows already sent.
"""

import uuid
from typing import Any

from piccolo.querystring import QueryString

from components import parse_definition
from runtime import audit
from runtime.bulk.mapping import build_requests, map_columns, missing_columns
from runtime.bulk.tables_io import read_rows
from runtime.clock import iso, utcnow
from runtime.envelopes.origin import via_of_actor
from runtime.envelopes.schemas import EnvelopeCreate, RecipientIn
from runtime.envelopes.service import create_envelope
from runtime.errors import DomainError, Invalid, NotFound
from runtime.jobs.queue import enqueue
from runtime.organisations.sharing import sendable_template
from runtime.paging import check_page
from runtime.settings import Settings
from runtime.tables import BulkSend, Envelope
from runtime.templates.service import latest_version

CHUNK = 200


async def prepare(
    organisation_id: uuid.UUID, template_id: uuid.UUID, data: bytes, options: dict[str, Any]
) -> dict[str, Any]:
    """Read and check every row; nothing is stored or sent. An archived template is refused
    (409) as an envelope's create refuses it: every row would fail."""
    await sendable_template(organisation_id, template_id)  # its own, or shared from above
    definition = parse_definition((await latest_version(template_id))["definition"])
    headers, rows = read_rows(data)
    mapping = map_columns(definition, headers)
    missing = missing_columns(definition, mapping)
    if missing:
        raise Invalid(
            "Some recipient columns are missing: " + ", ".join(missing) + ".",
            extra={"mapping": mapping.as_dict(), "headers": headers},
        )
    requests, errors = build_requests(definition, str(template_id), mapping, rows, options)
    return {
        "total": len(rows),
        "valid": len(requests),
        "mapping": mapping.as_dict(),
        "errors": errors[:500],
        "error_count": len(errors),
        "requests": requests,
    }


async def start(
    organisation_id: uuid.UUID,
    template_id: uuid.UUID,
    data: bytes,
    options: dict[str, Any],
    *,
    filename: str = "",
    actor: str = "",
) -> dict[str, Any]:
    """Queue the bulk send; refused as a whole when any row has an error."""
    prepared = await prepare(organisation_id, template_id, data, options)
    if prepared["error_count"]:
        bad_rows = prepared["total"] - prepared["valid"]  # a row may have several errors
        raise Invalid(
            f"{bad_rows} {'row has' if bad_rows == 1 else 'rows have'} errors; nothing was sent."
            " Fix them and upload again.",
            extra={"errors": prepared["errors"], "mapping": prepared["mapping"]},
        )
    bulk = BulkSend(
        organisation=organisation_id,
        template=template_id,
        filename=filename[:255],
        total=prepared["total"],
        rows=prepared["requests"],
        options={**options, "via": via_of_actor(actor)},  # its envelopes' sent_via
    )
    await bulk.save()
    await audit.record(
        organisation_id,
        "bulk_send.queued",
        actor=actor,
        data={"bulk_send_id": str(bulk.id), "rows": prepared["total"]},
    )
    await enqueue(
        "bulk_send",
        {"bulk_send_id": str(bulk.id), "start": 0},
        organisation_id=organisation_id,
        dedupe_key=f"bulk:{bulk.id}:0",
    )
    return await get_bulk(organisation_id, bulk.id)


#: the columns a bulk send's progress is read from (never `rows`: up to 20,000 of them)
_PROGRESS = (
    BulkSend.id,
    BulkSend.template,
    BulkSend.status,
    BulkSend.filename,
    BulkSend.total,
    BulkSend.created,
    BulkSend.failed,
    BulkSend.failures,
    BulkSend.last_error,
    BulkSend.created_at,
    BulkSend.finished_at,
)
#: a list's columns: the failures counted by the database, not read out (up to 20,000)
_LISTED = (
    *(column for column in _PROGRESS if column is not BulkSend.failures),
    QueryString("json_array_length({})", BulkSend.failures).as_alias("failure_count"),
)
MAX_PER_PAGE = 100


async def get_bulk(organisation_id: uuid.UUID, bulk_id: uuid.UUID) -> dict[str, Any]:
    """Progress: `total` rows in the file, `created` envelopes, `failed` rows (with reasons)
    and `queued`, the rows still waiting for the job."""
    row = (
        await BulkSend.select(*_PROGRESS)
        .where((BulkSend.id == bulk_id) & (BulkSend.organisation == organisation_id))
        .output(load_json=True)
        .first()
    )
    if row is None or row["status"] == "preview":
        raise NotFound(f"No bulk send with id {bulk_id}.")
    return _progress(row)


async def list_bulks(
    organisation_id: uuid.UUID, page: int = 1, per_page: int = 20
) -> dict[str, Any]:
    """The organisation's bulk sends, newest first, each as its progress: after a POST
    whose answer was lost, the client finds whether its bulk send was made."""
    check_page(page, per_page, MAX_PER_PAGE)
    where = (BulkSend.organisation == organisation_id) & (BulkSend.status != "preview")
    total = await BulkSend.count().where(where)
    rows = (
        await BulkSend.select(*_LISTED)
        .where(where)
        .order_by(BulkSend.created_at, BulkSend.id, ascending=False)
        .limit(per_page)
        .offset((page - 1) * per_page)
        .output(load_json=True)
    )
    return {
        "items": [_listed(row) for row in rows],
        "page": page,
        "per_page": per_page,
        "total": total,
    }


def _listed(row: dict[str, Any]) -> dict[str, Any]:
    """A bulk send as the list gives it: its progress with `failure_count` instead of the
    `failures` themselves (up to one per row of 20,000, counted by the query: `_LISTED`):
    a page of 100 bulk sends stays small; the bulk send's own progress lists them."""
    item = _progress({**row, "failures": None})
    del item["failures"]
    item["failure_count"] = row["failure_count"] or 0
    return item


def _progress(row: dict[str, Any]) -> dict[str, Any]:
    finished = row["created"] + row["failed"]
    return {
        "id": str(row["id"]),
        "template_id": str(row["template"]),
        "status": row["status"],
        "filename": row["filename"],
        "total": row["total"],
        "created": row["created"],
        "failed": row["failed"],
        "queued": max(row["total"] - finished, 0),
        "failures": row["failures"] or [],
        "progress": round(finished / row["total"], 3) if row["total"] else 1.0,
        "last_error": row["last_error"] or None,
        "created_at": iso(row["created_at"]),
        "finished_at": iso(row["finished_at"]),
    }


async def run_chunk(settings: Settings, payload: dict[str, Any], executor: Any) -> None:
    """The `bulk_send` job: create envelopes for rows [start, start + CHUNK), then queue the next.

    A row the engine refuses (the template was archived meanwhile, ...) is counted as failed
    with its reason and the rest go on; an unexpected error fails the job, which is retried
    and skips the rows already sent."""
    bulk_id = uuid.UUID(payload["bulk_send_id"])
    start_at = int(payload["start"])
    bulk = await BulkSend.select().where(BulkSend.id == bulk_id).output(load_json=True).first()
    if bulk is None or bulk["status"] in ("done", "cancelled", "preview"):
        return
    await BulkSend.update({BulkSend.status: "running"}).where(BulkSend.id == bulk_id)
    options = bulk["options"]
    rows = bulk["rows"]
    failures: list[dict[str, Any]] = list(bulk["failures"] or [])  # a row may have several
    failed_rows = {f["row"] for f in failures}
    for index in range(start_at, min(start_at + CHUNK, len(rows))):
        key = f"{bulk_id}:{index}"
        row = rows[index]
        if row["row"] in failed_rows or await Envelope.exists().where(Envelope.bulk_key == key):
            continue  # done before a crash: never twice
        request = EnvelopeCreate(
            template_id=bulk["template"],
            recipients=[RecipientIn(**r) for r in row["recipients"]],
            prefill=row["prefill"],
            message=options.get("message", ""),
            sender_email=options.get("sender_email", ""),
            expires_in_days=options.get("expires_in_days"),
        )
        try:
            await create_envelope(
                bulk["organisation"],
                request,
                settings=settings,
                actor=f"bulk:{bulk_id}",
                bulk_key=key,
                details=False,
                via=options.get("via", ""),
            )
        except DomainError as exc:
            failed_rows.add(row["row"])
            failures.append(
                {"row": row["row"], "column": "", "message": exc.detail, "when": "sending"}
            )
    done = min(start_at + CHUNK, len(rows))
    finished = done >= len(rows)
    refused = {f["row"] for f in failures if f.get("when") == "sending"}
    values: dict[Any, Any] = {
        # rows [0, done) were each either created or refused while sending
        BulkSend.created: done - len(refused),
        BulkSend.failed: len(failed_rows),
        BulkSend.failures: sorted(failures, key=lambda f: f["row"]),
    }
    if finished:
        values.update({BulkSend.status: "done", BulkSend.finished_at: utcnow()})
    await BulkSend.update(values).where(BulkSend.id == bulk_id)
    if not finished:
        await enqueue(
            "bulk_send",
            {"bulk_send_id": str(bulk_id), "start": done},
            organisation_id=bulk["organisation"],
            dedupe_key=f"bulk:{bulk_id}:{done}",
        )
