"""An envelope's page in the designer: its people, timeline, tags, stamp and notices."""

import uuid
from typing import Any

from litestar.response import Template

from designer.accounts import CurrentUser
from designer.sending import service
from designer.sending.progress import people_progress
from designer.web import page
from runtime.archive.tags import organisation_tags, tags_of
from runtime.envelopes.origin import senders
from runtime.envelopes.service import get_envelope
from runtime.jobs.queue import worker_seen
from runtime.jobs.stuck import envelope_problem
from runtime.organisations import hierarchy
from runtime.stamps.manual import stamp_panel, waits_for_hand


async def envelope_page(
    user: CurrentUser,
    envelope_id: uuid.UUID,
    *,
    status_code: int = 200,
    sent: bool = False,
    done: str = "",
    error: str = "",
    tag_error: str = "",
    tag_typed: str = "",
    correcting: dict[str, str] | None = None,
    no_smtp: bool = False,
) -> Template:
    """`no_smtp`: the notices after sending, reminding or resending say that the mails are
    written to the server's outbox, not sent ("on its way" read as if they had gone)."""
    envelope = await get_envelope(user.organisation_id, envelope_id)  # 404 for others
    names = await service.template_names(user.organisation_id, [envelope["id"]])
    roles = await service.role_names(envelope)
    stampers = await service.stamp_roles(envelope)
    problem = await envelope_problem(envelope_id)
    # a seal or stamp queued to try again waits for a job worker: say when none runs
    waiting = done in ("seal-seal", "seal-stamp") or (problem and problem.state != "failed")
    return page(
        "envelope.html",
        user,
        status_code=status_code,
        nav="envelopes",
        envelope=envelope,
        template_name=names.get(envelope["id"], ""),
        role_names=roles,
        progress=await people_progress(user.organisation_id, envelope, roles, stampers),
        sent=sent,
        done=done,
        timeline=await service.timeline(user.organisation_id, envelope_id, roles, stampers),
        problem=problem,
        sent_by=(await senders([str(envelope_id)])).get(str(envelope_id), ""),
        in_the_name_of=await _in_the_name_of(user, envelope),
        no_worker=bool(waiting) and not await worker_seen(),
        **await stamping(user, envelope_id),
        error=error,
        tags=(await tags_of([envelope_id])).get(str(envelope_id), []),
        known_tags=await organisation_tags(user.organisation_id),
        tag_error=tag_error,
        tag_typed=tag_typed,
        tag_saved="",
        correcting=correcting or {},
        no_smtp=no_smtp,
    )


async def stamping(user: CurrentUser, envelope_id: uuid.UUID) -> dict[str, Any]:
    """The company stamp panel: the organisation's turn, and the stamps this user may apply."""
    recipient, stamps = await stamp_panel(
        user.organisation_id, envelope_id, user_id=user.id, is_admin=user.can("admin")
    )
    by_hand = await waits_for_hand(recipient)
    return {"stamping": recipient, "stamping_stamps": stamps, "stamping_by_hand": by_hand}


async def _in_the_name_of(user: CurrentUser, envelope: dict[str, Any]) -> str:
    """The legal name an envelope of a group was sent in, when not the sender's own
    ("Sent … by nora@example.com in the name of Food Group Holdings plc"); else ""."""
    sent_as = envelope.get("sent_as")
    if not sent_as or uuid.UUID(sent_as) == user.organisation_id:
        return ""
    described = await hierarchy.describe([uuid.UUID(sent_as)])
    return str(described[0]["legal_name"]) if described else ""
