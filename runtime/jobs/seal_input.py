"""What goes into a seal: an envelope's definition, answers, recipients, audit trail,
attachments, stamps and brand gathered into a SealInput for runtime.sealing (the seal job
in runtime/jobs/seal.py renders and signs it)."""

import uuid
from typing import Any

from components import Definition, parse_definition
from runtime import audit
from runtime.branding.resolve import brand_for_envelope, template_slug, with_logo_inlined
from runtime.clock import iso
from runtime.envelopes.document import build_blocks
from runtime.envelopes.final_answers import final_answers, signing_day
from runtime.files import read_file
from runtime.i18n import use_language
from runtime.sealing.identity_words import IDENTITY_METHODS
from runtime.sealing.inputs import SealAttachment, SealingError, SealInput, SealStage
from runtime.settings import Settings
from runtime.stamps.sealing import stamp_marks
from runtime.tables import Organisation, Recipient, Template, TemplateVersion
from runtime.templates.versions import in_role_order, positions_of


async def build_seal_input(settings: Settings, envelope: dict[str, Any]) -> SealInput:
    version = (
        await TemplateVersion.select()
        .where(TemplateVersion.id == envelope["template_version"])
        .output(load_json=True)
        .first()
    )
    assert version is not None
    template = (
        await Template.select(Template.name).where(Template.id == version["template"]).first()
    )
    org = (
        await Organisation.select(Organisation.name)
        .where(Organisation.id == envelope["organisation"])
        .first()
    )
    recipients = (
        await Recipient.select()
        .where(Recipient.envelope == envelope["id"])
        .order_by(Recipient.stage)
    )
    definition = parse_definition(version["definition"])
    recipients.sort(key=in_role_order(positions_of(definition)))  # any order in a stage
    # computed values worked out again, as the pages show them (answers.json says the same)
    answers = final_answers(definition, envelope["answers"], today=signing_day(recipients))
    stamp_images, stamps_applied = await stamp_marks(
        settings, envelope["organisation"], envelope["id"], definition, answers
    )
    # answers are worded in the document's language ("Có", "1 tháng 2, 2027"), as its
    # chrome is (runtime/sealing/document.py)
    with use_language(definition.language):
        blocks = build_blocks(definition, answers, recipients, stamp_images)
    events = await audit.events(envelope["organisation"], envelope["id"])
    chain = audit.verify_chain(events)
    checks = identity_checks(events)
    stamped = stamped_how(events)
    if not chain.ok:
        raise SealingError(
            f"The envelope's audit trail is broken ({chain.problem}), so it is not sealed; "
            f"check it with `formseal audit verify {envelope['id']}`."
        )
    return SealInput(
        envelope_id=str(envelope["id"]),
        template_name=template["name"] if template else definition.name,
        template_version=version["number"],
        version_sha256=version["sha256"],
        language=definition.language,
        blocks=blocks,
        recipients=[_certificate_row(definition, r, checks, stamped) for r in recipients],
        answers=answers,
        verify_url=f"{settings.base_url.rstrip('/')}/verify",
        organisation_name=org["name"] if org else "formseal",
        audit_head=chain.head,
        audit_events=chain.count,
        attachments=await _attachments(settings, envelope["organisation"], definition, answers),
        stages=_stages(recipients),
        stage_signatures=definition.settings.stage_signatures,
        stamps=stamps_applied,
        brand=await with_logo_inlined(settings, await brand_for_envelope(envelope)),
        template_slug=await template_slug(envelope["template_version"]),
    )


def _certificate_row(
    definition: Definition,
    r: dict[str, Any],
    checks: dict[str, list[str]],
    stamped: dict[str, str],
) -> dict[str, Any]:
    """One person's facts on the audit certificate."""
    return {
        "name": r["name"],
        "email": r["email"],
        "role": _role_name(definition, r["role"]),
        "ip": r["ip"],
        "user_agent": r["user_agent"],
        "viewed_at": iso(r["viewed_at"]) or "",
        "signed_at": iso(r["completed_at"]) or "",
        "identity_checks": checks.get(str(r["id"]), []),
        "consent_at": iso(r["consent_at"]) or "",
        "consent_sha256": r["consent_sha256"],
        # an organisation role: "auto-sign" or "by hand" (its company stamp), so the
        # certificate says why it has no IP address, identity check or consent
        "stamped": stamped.get(r["role"], "") if not r["email"] else "",
        # "skipped": the role's rule left it out; the certificate says so
        "status": r["status"],
        # a copy-only (cc) person: no signing link, nothing asked of them
        "copy": r["kind"] == "cc",
    }


async def _attachments(
    settings: Settings, organisation_id: uuid.UUID, definition: Definition, answers: dict
) -> list[SealAttachment]:
    """Every file uploaded to an attachment request, in form order, with its bytes."""
    found: list[SealAttachment] = []
    for _, field in definition.fields():
        files = answers.get(field.key) if field.component == "attachment" else None
        for ref in files if isinstance(files, list) else []:
            if not isinstance(ref, dict) or not ref.get("file_id"):
                continue
            try:
                row, data = await read_file(settings, organisation_id, uuid.UUID(ref["file_id"]))
            except (FileNotFoundError, ValueError) as exc:
                raise SealingError(
                    f"The attachment {ref.get('name', '')!r} ({field.label}) is missing from "
                    f"the file store ({exc}); nothing was sealed."
                ) from exc
            found.append(
                SealAttachment(
                    field_label=field.label,
                    name=ref.get("name") or row["original_name"] or "attachment",
                    content_type=row["content_type"],
                    data=data,
                    sha256=row["sha256"],
                )
            )
    return found


def _stages(recipients: list[dict[str, Any]]) -> list[SealStage]:
    """Finished stages in order: who completed each, and when its last one did."""
    by_stage: dict[int, list[dict[str, Any]]] = {}
    for r in recipients:
        if r["kind"] != "cc" and r["status"] == "completed":
            by_stage.setdefault(r["stage"], []).append(r)
    stages = []
    for number, done in sorted(by_stage.items()):
        times = [r["completed_at"] for r in done if r["completed_at"]]
        names = [r["name"] for r in done]
        stages.append(SealStage(number, names, iso(max(times)) or "" if times else ""))
    return stages


def identity_checks(events: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Recipient id -> the identity checks they passed, in English words, from the audit
    trail (the certificate words them in the document's language: sealing/identity_words.py).

    A check is recorded twice (`identity.verified`, then `recipient.verified`); each method
    is listed once, in the order passed."""
    passed: dict[str, list[str]] = {}
    for event in events:
        if event["action"] not in ("identity.verified", "recipient.verified"):
            continue
        data = event.get("data") or {}
        method = str(data.get("method", ""))
        words = IDENTITY_METHODS.get(method, method.replace("_", " "))
        if method == "sso" and data.get("issuer"):
            words = f"{words} ({data['issuer']})"
        found = passed.setdefault(str(data.get("recipient_id", "")), [])
        if words and words not in found:
            found.append(words)
    return passed


def stamped_how(events: list[dict[str, Any]]) -> dict[str, str]:
    """Role key -> how its company stamp was applied ("auto-sign" or "by hand")."""
    return {
        str(e["data"].get("role", "")): str(e["data"].get("how", ""))
        for e in events
        if e["action"] == "stamp.applied" and e.get("data")
    }


def _role_name(definition: Definition, key: str) -> str:
    role = definition.role(key)
    return role.name if role else key
