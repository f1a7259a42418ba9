"""The seal job: render, sign and store an envelope's PDF, then mark it completed.

Rendering and signing are CPU-bound, so they run in a process pool (or a thread when
`seal_processes` is 0). The file is written before the row that points at it, and the
envelope becomes `completed` in the same transaction that records the file.
"""

import asyncio
import uuid
from concurrent.futures import Executor
from typing import Any

from components import Definition, parse_definition
from runtime import audit
from runtime.clock import iso
from runtime.database import transaction
from runtime.envelopes.document import build_blocks
from runtime.envelopes.states import move_envelope
from runtime.files import store_bytes
from runtime.sealing import SealResult, seal_document
from runtime.sealing.inputs import SealInput
from runtime.settings import Settings
from runtime.tables import Envelope, Organisation, Recipient, Template, TemplateVersion


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
    answers = envelope["answers"]
    return SealInput(
        envelope_id=str(envelope["id"]),
        template_name=template["name"] if template else definition.name,
        template_version=version["number"],
        version_sha256=version["sha256"],
        language=definition.language,
        blocks=build_blocks(definition, answers, recipients),
        recipients=[
            {
                "name": r["name"],
                "email": r["email"],
                "role": _role_name(definition, r["role"]),
                "ip": r["ip"],
                "user_agent": r["user_agent"],
                "viewed_at": iso(r["viewed_at"]) or "",
                "signed_at": iso(r["completed_at"]) or "",
            }
            for r in recipients
        ],
        answers=answers,
        verify_url=f"{settings.base_url.rstrip('/')}/verify",
        organisation_name=org["name"] if org else "formseal",
    )


def _role_name(definition: Definition, key: str) -> str:
    role = definition.role(key)
    return role.name if role else key


def _seal(seal_input: SealInput, settings: Settings) -> SealResult:
    return seal_document(seal_input, keys_dir=settings.keys_dir, themes_dir=settings.themes_dir)


async def seal_envelope(
    settings: Settings, envelope_id: uuid.UUID, executor: Executor | None
) -> None:
    """Seal once: an envelope that already has its sealed file is left alone."""
    envelope = (
        await Envelope.select().where(Envelope.id == envelope_id).output(load_json=True).first()
    )
    if envelope is None or envelope["sealed_file"] is not None:
        return
    seal_input = await build_seal_input(settings, envelope)
    loop = asyncio.get_running_loop()
    result: SealResult = await loop.run_in_executor(executor, _seal, seal_input, settings)
    async with transaction():
        stored = await store_bytes(
            settings,
            envelope["organisation"],
            "sealed_pdf",
            result.pdf,
            content_type="application/pdf",
            original_name=f"{envelope_id}.pdf",
        )
        await move_envelope(
            envelope,
            "completed",
            data={"sha256": result.sha256, "document_sha256": result.document_sha256},
            changes={Envelope.sealed_file: stored.id},
        )
    await audit.record(
        envelope["organisation"],
        "envelope.sealed",
        envelope_id=envelope_id,
        data={"file_id": str(stored.id), "sha256": result.sha256},
    )
