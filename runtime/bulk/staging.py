"""Bulk sends from the designer: upload, check the mapping and the rows, then confirm.

An upload is kept as a bulk send in status `preview` holding the file's rows, so a sender
can change the column mapping and look again without uploading the file twice. Nothing is
sent until `confirm`, which keeps only the rows without errors (the others are listed as
failed, with their reasons) and queues the same `bulk_send` job the API uses.

Columns prefill only the fields the template lets the sender fill in (prefill source "api"),
the same fields as the send form offers; the API's bulk send may prefill any field.
"""

import uuid
from typing import Any

from components import Definition, parse_definition
from runtime import audit
from runtime.bulk.mapping import (
    build_requests,
    map_columns,
    mapping_from_choices,
    mapping_from_dict,
    missing_columns,
)
from runtime.bulk.tables_io import read_rows
from runtime.envelopes.origin import via_of_actor
from runtime.errors import Conflict, Invalid, NotFound
from runtime.jobs.queue import enqueue
from runtime.organisations.sharing import usable_template
from runtime.tables import BulkSend
from runtime.templates.service import latest_version

SAMPLE_ROWS = 5
SHOWN_ERRORS = 200
ALREADY_CONFIRMED = "This bulk send has already been confirmed."


def options_from_form(form: dict[str, Any]) -> dict[str, Any]:
    """The message and expiry every envelope of the bulk send gets."""
    options: dict[str, Any] = {"message": str(form.get("message") or "").strip()[:5000]}
    days = str(form.get("expires_in_days") or "").strip()
    if days:
        if not days.isdigit() or not 1 <= int(days) <= 365:
            raise Invalid("Expiry must be a whole number of days from 1 to 365.")
        options["expires_in_days"] = int(days)
    return options


async def _definition(organisation_id: uuid.UUID, template_id: uuid.UUID) -> Definition:
    await usable_template(organisation_id, template_id)  # its own, or shared from above
    return parse_definition((await latest_version(template_id))["definition"])


async def stage(
    organisation_id: uuid.UUID,
    template_id: uuid.UUID,
    data: bytes,
    options: dict[str, Any],
    *,
    filename: str = "",
) -> uuid.UUID:
    """Read the file and keep its rows with a first, guessed mapping; nothing is sent."""
    definition = await _definition(organisation_id, template_id)
    headers, rows = read_rows(data)
    mapping = map_columns(definition, headers, definition.prefilled_by("api"))
    bulk = BulkSend(
        organisation=organisation_id,
        template=template_id,
        status="preview",
        filename=filename[:255],
        total=len(rows),
        rows=rows,
        options={**options, "headers": headers, "mapping": mapping.as_dict()},
    )
    await bulk.save()
    return bulk.id


async def _staged(organisation_id: uuid.UUID, bulk_id: uuid.UUID) -> dict[str, Any]:
    row = (
        await BulkSend.select()
        .where((BulkSend.id == bulk_id) & (BulkSend.organisation == organisation_id))
        .output(load_json=True)
        .first()
    )
    if row is None:
        raise NotFound(f"No bulk send with id {bulk_id}.")
    return row


async def _preview(
    organisation_id: uuid.UUID, bulk_id: uuid.UUID
) -> tuple[dict[str, Any], Definition]:
    """The staged bulk send and its template's definition; a 409 once it is confirmed, as
    only a preview may be looked at again, remapped or confirmed."""
    staged = await _staged(organisation_id, bulk_id)
    if staged["status"] != "preview":
        raise Conflict(ALREADY_CONFIRMED)
    return staged, await _definition(organisation_id, staged["template"])


async def status_of(organisation_id: uuid.UUID, bulk_id: uuid.UUID) -> str:
    row = (
        await BulkSend.select(BulkSend.status)
        .where((BulkSend.id == bulk_id) & (BulkSend.organisation == organisation_id))
        .first()
    )
    if row is None:
        raise NotFound(f"No bulk send with id {bulk_id}.")
    return str(row["status"])


async def preview(organisation_id: uuid.UUID, bulk_id: uuid.UUID) -> dict[str, Any]:
    """The mapping, the columns, a sample of what each envelope will get, and every row error."""
    staged, definition = await _preview(organisation_id, bulk_id)
    options = staged["options"]
    mapping = mapping_from_dict(options["mapping"], definition.prefilled_by("api"))
    missing = missing_columns(definition, mapping)
    requests: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    if not missing:
        requests, errors = build_requests(
            definition, str(staged["template"]), mapping, staged["rows"], options
        )
    return {
        "id": str(bulk_id),
        "template_id": str(staged["template"]),
        "filename": staged["filename"],
        "headers": options["headers"],
        "mapping": mapping.as_dict(),
        "missing": missing,
        "total": staged["total"],
        "valid": len(requests),
        "error_count": len(errors),
        "error_rows": len({e["row"] for e in errors}),  # a row may have several errors
        "errors": errors[:SHOWN_ERRORS],
        "sample": requests[:SAMPLE_ROWS],
        "options": {k: options.get(k) for k in ("message", "expires_in_days")},
        "definition": definition,
    }


async def choose_mapping(
    organisation_id: uuid.UUID, bulk_id: uuid.UUID, choices: dict[str, str]
) -> None:
    """Keep the sender's own choice of columns for the preview and the send."""
    staged, definition = await _preview(organisation_id, bulk_id)
    mapping = mapping_from_choices(
        definition, staged["options"]["headers"], choices, definition.prefilled_by("api")
    )
    options = {**staged["options"], "mapping": mapping.as_dict()}
    # only while still a preview: a confirmation in between replaced the options with the
    # send's own (message, expiry, sender), which this write must not overwrite
    kept = (
        await BulkSend.update({BulkSend.options: options})
        .where((BulkSend.id == bulk_id) & (BulkSend.status == "preview"))
        .returning(BulkSend.id)
    )
    if not kept:
        raise Conflict(ALREADY_CONFIRMED)


async def confirm(
    organisation_id: uuid.UUID, bulk_id: uuid.UUID, *, actor: str, sender_email: str = ""
) -> None:
    """Queue one envelope per valid row; rows with errors are recorded as failed, unsent."""
    staged, definition = await _preview(organisation_id, bulk_id)
    options = staged["options"]
    mapping = mapping_from_dict(options["mapping"], definition.prefilled_by("api"))
    missing = missing_columns(definition, mapping)
    if missing:
        raise Invalid("Choose a column for: " + ", ".join(missing) + ".")
    requests, errors = build_requests(
        definition, str(staged["template"]), mapping, staged["rows"], options
    )
    if not requests:
        raise Invalid(
            "Every row has an error; nothing can be sent. Fix the file and upload it again."
        )
    skipped = [{**e, "when": "checking"} for e in errors]
    skipped_rows = len({e["row"] for e in errors})  # a row may have several errors
    run_options = {
        "message": options.get("message", ""),
        "expires_in_days": options.get("expires_in_days"),
        "sender_email": sender_email,
        "via": via_of_actor(actor),  # its envelopes' sent_via
    }
    # only one confirmation wins, also when the button is pressed twice at once
    claimed = (
        await BulkSend.update(
            {
                BulkSend.status: "queued",
                BulkSend.rows: requests,
                BulkSend.options: run_options,
                BulkSend.failed: skipped_rows,
                BulkSend.failures: skipped,
            }
        )
        .where((BulkSend.id == bulk_id) & (BulkSend.status == "preview"))
        .returning(BulkSend.id)
    )
    if not claimed:
        raise Conflict(ALREADY_CONFIRMED)
    await audit.record(
        organisation_id,
        "bulk_send.queued",
        actor=actor,
        data={"bulk_send_id": str(bulk_id), "rows": len(requests), "skipped": skipped_rows},
    )
    await enqueue(
        "bulk_send",
        {"bulk_send_id": str(bulk_id), "start": 0},
        organisation_id=organisation_id,
        dedupe_key=f"bulk:{bulk_id}:0",
    )
