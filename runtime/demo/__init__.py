"""Example templates loaded by `formseal demo` so a newcomer can sign at once."""

import json
import uuid
from pathlib import Path
from typing import Any

from runtime.envelopes.schemas import EnvelopeCreate, RecipientIn
from runtime.envelopes.service import create_envelope
from runtime.settings import Settings
from runtime.tables import Template
from runtime.templates.service import import_and_publish, publish

DEMO_DIR = Path(__file__).resolve().parent
SERVICE_AGREEMENT = DEMO_DIR / "service_agreement.json"


async def load_demo(organisation_id: uuid.UUID, settings: Settings) -> dict[str, Any]:
    """Publish the demo template (a new version only when it changed) and open an envelope."""
    raw = SERVICE_AGREEMENT.read_bytes()
    name = json.loads(raw)["name"]
    existing = (
        await Template.select(Template.id)
        .where((Template.organisation == organisation_id) & (Template.name == name))
        .first()
    )
    if existing is None:
        template = await import_and_publish(organisation_id, raw, actor="demo")
    else:
        from runtime.templates.service import get_template

        template = await get_template(organisation_id, existing["id"])
        from components import definition_sha256, parse_definition
        from components.definition import to_builtins

        if template["version"]["sha256"] != definition_sha256(to_builtins(parse_definition(raw))):
            template = await publish(organisation_id, existing["id"], raw, actor="demo")
    request = EnvelopeCreate(
        template_id=uuid.UUID(template["id"]),
        recipients=[RecipientIn(role="customer", name="Alex Example", email="alex@example.com")],
        prefill={"email": "alex@example.com"},
    )
    return await create_envelope(organisation_id, request, settings=settings, actor="demo")
