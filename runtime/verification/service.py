"""Verifying a sealed PDF: the signature itself, and what this instance's records say of it.

Two layers:
- `verify_signature` is the cryptography alone (no database): intact, trusted, level,
  timestamp, which certificate, what an appended update changed.
- `check_records` adds what the database knows, for seals this instance made: whether the
  bytes are the sealed PDF we stored, and the envelope's audit chain, compared with the
  audit head sealed into the PDF.

The page (`verify_upload`) and the CLI (`verify_bytes`) both give the combined report; the
CLI and the API in the English page's words (runtime/verification/english.py).
Records are only consulted for an intact seal made by this instance, so an uploaded PDF
that merely names an envelope id learns nothing about it.
"""

import asyncio
import hashlib
import uuid
from dataclasses import asdict
from typing import Any

from runtime import audit
from runtime.i18n import gettext as _
from runtime.i18n import ngettext
from runtime.sealing import timestamp_roots, trust_roots, verify_pdf
from runtime.sealing.keys import SEAL_CERT_FILE
from runtime.settings import Settings
from runtime.tables import Envelope, StoredFile
from runtime.verification.english import english_report, signature_lines

MAX_PDF_BYTES = 50_000_000  # "50 MB": a MB of 1,000,000 bytes, as every size formseal names
DOCS_KEYS = "docs/sealing.md#installing-a-trusted-certificate-operators"


def _current_fingerprint(settings: Settings) -> str | None:
    from pyhanko.keys import load_certs_from_pemder_data

    path = settings.keys_dir / SEAL_CERT_FILE
    try:
        return next(iter(load_certs_from_pemder_data(path.read_bytes()))).sha256.hex()
    except (OSError, ValueError, StopIteration):
        return None


def verify_signature(settings: Settings, data: bytes) -> dict[str, Any]:
    """The cryptographic report as a dict, plus which of this service's certificates made
    the seal."""
    report = asdict(
        verify_pdf(
            data,
            trust_roots(settings.keys_dir),
            timestamp_roots(settings.keys_dir, settings.tsa_ca_file),
        )
    )
    report["sha256"] = hashlib.sha256(data).hexdigest()
    report["current_key"] = bool(
        report["sealed_by_this_instance"]
        and report["cert_fingerprint"] == _current_fingerprint(settings)
    )
    report.update(
        records_checked=False,
        known_envelope=False,
        matches_stored_seal=False,
        audit_chain=None,
    )
    return report


async def check_records(report: dict[str, Any]) -> dict[str, Any]:
    """Compare with the stored seal and the audit chain; adjusts ok and reasons in place."""
    if not (report["intact"] and report["sealed_by_this_instance"] and report["envelope_id"]):
        return report
    try:
        envelope_id = uuid.UUID(report["envelope_id"])
    except ValueError:
        return report
    report["records_checked"] = True
    row = (
        await Envelope.select(Envelope.organisation, Envelope.sealed_file, Envelope.purged_at)
        .where(Envelope.id == envelope_id)
        .first()
    )
    if row is None:
        report["reasons"].append(
            f"This service has no record of envelope {envelope_id}: it may have been deleted "
            "from this service, or sealed by another installation that uses the same key."
        )
        return report
    report["known_envelope"] = True
    if row["purged_at"] is not None:  # deleted at the end of its retention period
        rows = await audit.events(row["organisation"], envelope_id)
        _compare_purged(report, rows, f"{row['purged_at']:%Y-%m-%d}")
        return report
    if row["sealed_file"]:
        stored = (
            await StoredFile.select(StoredFile.sha256)
            .where(StoredFile.id == row["sealed_file"])
            .first()
        )
        report["matches_stored_seal"] = bool(stored and stored["sha256"] == report["sha256"])
        if report["matches_stored_seal"]:
            report["reasons"].append(
                "The file is byte for byte the sealed PDF this service stored."
            )
        else:
            _fail(report, "The file is not the sealed PDF stored for this envelope.")
    else:
        report["reasons"].append("No sealed PDF is stored for this envelope yet.")
    rows = await audit.events(row["organisation"], envelope_id)
    _compare_chain(report, audit.verify_chain(rows), [r["hash"] for r in rows])
    return report


def _fail(report: dict[str, Any], reason: str) -> None:
    if report["ok"]:
        report["ok"] = False
        report["reasons"] = [r for r in report["reasons"] if not r.startswith("The seal is valid")]
    report["reasons"].append(reason)


def _compare_purged(report: dict[str, Any], rows: list[dict[str, Any]], day: str) -> None:
    """An envelope whose answers and files were deleted at the end of its retention period
    (runtime/archive/purge.py): its trail is one summary event that kept the sealed PDF's
    SHA-256 and the state of the trail it replaced, which is what can still be compared."""
    chain = audit.verify_chain(rows)
    summary: dict[str, Any] = (
        next((r["data"] for r in rows if r["action"] == "envelope.purged"), {}) or {}
    )
    previous = summary.get("previous_trail") or {}
    report["audit_chain"] = {
        "ok": chain.ok and bool(previous.get("intact")),
        "count": int(previous.get("events") or 0),
        "problem": chain.problem,
        "sealed_head": report.get("audit_head"),
        "sealed_head_position": None,
        "purged_on": day,
    }
    report["matches_stored_seal"] = summary.get("sealed_pdf_sha256") == report["sha256"]
    if report["matches_stored_seal"]:
        report["reasons"].append(
            "The file is byte for byte the sealed PDF this service stored; the envelope's "
            f"answers and files were deleted from this service on {day}, at the end of its "
            "retention period."
        )
    else:
        _fail(
            report,
            "The file is not the sealed PDF this service stored for this envelope, whose "
            f"answers and files were deleted on {day}, at the end of its retention period.",
        )
    if not chain.ok:
        _fail(
            report,
            f"The envelope's audit trail in this service's records is broken: {chain.problem}.",
        )
    elif previous.get("intact"):
        report["reasons"].append(
            "The envelope's audit trail was replaced by a summary when its data was deleted "
            f"on {day}; it was intact then ({previous.get('events')} events)."
        )
    else:
        _fail(
            report,
            f"The envelope's audit trail was already broken when its data was deleted on {day}.",
        )


def _compare_chain(report: dict[str, Any], chain: audit.ChainReport, hashes: list[str]) -> None:
    head = report.get("audit_head")
    position = hashes.index(head) + 1 if head and head in hashes else None
    report["audit_chain"] = {
        "ok": chain.ok,
        "count": chain.count,
        "problem": chain.problem,
        "sealed_head": head,
        "sealed_head_position": position,
        "purged_on": None,  # the same keys as a purged envelope's (_compare_purged)
    }
    if not chain.ok:
        _fail(
            report,
            f"The envelope's audit trail in this service's records is broken: {chain.problem}.",
        )
    elif head and position is None:
        _fail(
            report,
            "The audit trail in this service's records does not contain the event sealed into "
            "this PDF: "
            "the trail was rewritten or events were deleted.",
        )
    elif head and position is not None:
        after = chain.count - position
        report["reasons"].append(
            f"The audit trail agrees: the head sealed into the PDF is event {position} of "
            f"{chain.count} in this service's records, whose hash chain is intact"
            + (f" ({after} recorded after sealing)." if after else ".")
        )
    else:
        report["reasons"].append(
            f"The audit trail in this service's records is intact ({chain.count} events); this PDF "
            "carries no audit head to compare it with."
        )


async def verify_upload(settings: Settings, data: bytes) -> dict[str, Any]:
    """For the /verify page: the signature report plus our records."""
    report = await asyncio.to_thread(verify_signature, settings, data)
    return await check_records(report)


def describe(report: dict[str, Any]) -> list[str]:
    """The facts a person asks about first, as lines (the CLI prints them as findings)."""
    lines: list[str] = []
    if report.get("signer_subject"):
        who = f"Sealed with the certificate {report['signer_subject']}"
        who += f", issued by {report['issuer']}"
        if report["self_signed_ca"]:
            who += " (this service's own, self-signed CA)"
        if report["sealed_by_this_instance"]:
            current = report["current_key"]
            who += (
                "; this service's current sealing key"
                if current
                else "; an earlier sealing key of this service"
            )
        lines.append(who + ".")
    if report.get("level"):
        stamp = ""
        if report["timestamp"]:
            trusted = "trusted" if report["timestamp_trusted"] else "NOT trusted"
            stamp = (
                f", timestamp {report['timestamp']} from "
                f"{report['timestamp_authority'] or 'an unnamed authority'} ({trusted})"
            )
        lines.append(f"Seal level: {report['level']}{stamp}.")
    lines.extend(signature_lines(report))
    return lines


def verify_bytes(settings: Settings, data: bytes) -> dict[str, Any]:
    """For the CLI: the full report, reading the configured database when it can, in the
    English page's words (`english_report`), the facts a person asks first on top."""
    report = verify_signature(settings, data)
    if report["intact"] and report["sealed_by_this_instance"] and report["envelope_id"]:
        try:
            report = asyncio.run(_with_database(settings, report))
        except Exception as exc:  # the file's own verdict stands; say what was not checked
            report["reasons"].append(f"This service's records were not checked: {exc}")
    report = english_report(report)
    report["reasons"] = describe(report) + report["reasons"]
    return report


async def _with_database(settings: Settings, report: dict[str, Any]) -> dict[str, Any]:
    from runtime.database import configure_database, prepare_engine

    engine = configure_database(settings)
    await prepare_engine(engine)
    return await check_records(report)


def records_words(report: dict[str, Any]) -> tuple[str, str]:
    """The /verify page's "Matches this service's records" and "Audit trail" rows, in the
    page's language, saying why when the records were not, or could not be, consulted
    ("Not checked: this PDF was not sealed by this service")."""
    chain = report.get("audit_chain")
    if report.get("records_checked") and not report.get("known_envelope"):
        missing = _("No: this service has no record of this envelope")
        return missing, _("None: this service has no record of this envelope")
    if report.get("records_checked") and chain and chain.get("purged_on"):
        day = chain["purged_on"]
        if report.get("matches_stored_seal"):
            matches = _("Yes, before its data was deleted on %(date)s", date=day)
        else:
            matches = _("No")
        if chain["ok"]:
            return matches, _("Replaced by a summary on %(date)s; intact until then", date=day)
        return matches, _("Replaced by a summary on %(date)s; broken before then", date=day)
    if report.get("records_checked"):
        if report.get("matches_stored_seal"):
            matches = _("Yes")
        elif any(r.startswith("No sealed PDF is stored") for r in report.get("reasons", [])):
            matches = _("Not yet: no sealed PDF is stored for this envelope")
        else:
            matches = _("No")
        return matches, _chain_words(chain)
    if not (report.get("intact") or report.get("modified")):
        why = _("Not checked: there is no readable seal")
    elif not report.get("intact"):
        why = _("Not checked: the seal no longer matches the file")
    elif not report.get("sealed_by_this_instance"):
        why = _("Not checked: this PDF was not sealed by this service")
    else:
        why = _("Not checked: the PDF names no envelope")
    return why, why


def _chain_words(chain: dict[str, Any] | None) -> str:
    if not chain:
        return _("Not checked")
    if not chain["ok"]:
        return _("Broken: %(problem)s", problem=chain["problem"])
    if chain["sealed_head_position"]:
        return ngettext(
            "Intact, %(num)s event · agrees with the PDF",
            "Intact, %(num)s events · agrees with the PDF",
            chain["count"],
        )
    return ngettext("Intact, %(num)s event", "Intact, %(num)s events", chain["count"])
