"""The `auto_sign` job: an organisation role's stage came up, so the engine signs for it.

Routing queues it (runtime/envelopes/routing.py) instead of inviting anybody. The job picks
each visible stamp field's stamp, checks that the image is there and intact, completes the
organisation's recipient (audit: "stamp.applied", actor "<organisation> (organisation
auto-sign)", with the stamp id and image SHA-256) and lets routing move on.

When the only reason is that a stamp is not allowed for auto-sign (the by-hand set-up),
the job ends at once without failing and the people who may apply it are told
(runtime/stamps/waiting.py). When no stamp can be applied for another reason (none
uploaded, deactivated, image missing) the job fails with the reason and is retried with
back-off; once it gives up the envelope is listed on Settings → Problems, where an
administrator retries it after fixing the cause.
"""

import uuid
from concurrent.futures import Executor
from typing import Any

from runtime.envelopes.routing import advance
from runtime.envelopes.states import ACTIVE_ENVELOPE
from runtime.jobs.queue import PermanentJobError
from runtime.settings import Settings
from runtime.stamps.apply import (
    AUTO_SIGN,
    StampByHandOnly,
    StampUnavailable,
    apply_stamps,
    choose_stamp,
    stamp_fields,
)
from runtime.stamps.service import stamp_image
from runtime.stamps.waiting import wait_for_hand
from runtime.tables import Envelope, Organisation, Recipient
from runtime.templates.versions import version_definition

JOB_KIND = "auto_sign"


def auto_sign_key(recipient_id: uuid.UUID | str) -> str:
    return f"auto-sign:{recipient_id}"


async def auto_sign(settings: Settings, payload: dict[str, Any], executor: Executor | None) -> None:
    recipient = (
        await Recipient.select().where(Recipient.id == uuid.UUID(payload["recipient_id"])).first()
    )
    if recipient is None or recipient["status"] != "notified":
        return  # done already (a retried job), or skipped
    envelope = (
        await Envelope.select()
        .where(Envelope.id == recipient["envelope"])
        .output(load_json=True)
        .first()
    )
    if envelope is None or envelope["status"] not in ACTIVE_ENVELOPE:
        return
    definition = await version_definition(envelope["template_version"])
    role = definition.role(recipient["role"])
    if role is None or not role.organisation:
        raise PermanentJobError(f"role {recipient['role']!r} is not signed by the organisation")
    org = envelope["organisation"]
    answers = {**envelope["prefill"], **envelope["answers"]}
    chosen = []
    by_hand: list[dict[str, Any]] = []
    for field in stamp_fields(definition, role.key, answers):
        try:
            stamp = await choose_stamp(org, field, automatic=True)
            await stamp_image(settings, stamp)  # the image must be readable and intact
        except StampByHandOnly as exc:
            by_hand.append(exc.stamp)  # not a failure, unless another field's stamp fails
            continue
        except FileNotFoundError as exc:
            raise StampUnavailable(
                f"The stamp image is missing from the file store ({exc})."
            ) from exc
        chosen.append((field, stamp))
    if by_hand:
        await wait_for_hand(envelope, recipient, by_hand)
        return  # done: someone applies it from the envelope's page (runtime/stamps/manual.py)
    await apply_stamps(
        envelope, recipient, definition, chosen, actor=await _actor(org), how=AUTO_SIGN
    )
    await advance(envelope["id"])


async def _actor(organisation_id: uuid.UUID) -> str:
    org = (
        await Organisation.select(Organisation.name)
        .where(Organisation.id == organisation_id)
        .first()
    )
    return f"{org['name'] if org else 'The organisation'} (organisation auto-sign)"
