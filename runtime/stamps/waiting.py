"""An organisation role whose stamp is applied by hand: auto-sign stops, and people are told.

When the only reason the `auto_sign` job cannot stamp is that an administrator did not allow
the (existing, active) stamp for auto-sign (Settings → Company stamps), that is the
documented by-hand set-up, not a failure: the job ends without retrying, the envelope's
audit trail records `envelope.stamp_by_hand` ("Waiting for the company stamp to be applied
by hand" on its timeline) and one `stamp_by_hand` mail goes to each person who may apply it
(themes/<theme>/email/stamp_by_hand.txt/.html): the organisation's active administrators
and the active users the stamp is granted to, with a link to the envelope's page where the
Company stamp panel applies it (runtime/stamps/manual.py, which lets the same people, and
no one else, apply that stamp while the role waits for it).

Those people are designer users and `runtime/` never imports `designer/`: the designer
registers how to find them (`register_users`, beside failure_mail's `register_admins`).
"""

import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from runtime import audit
from runtime.jobs import failure_mail
from runtime.jobs.queue import enqueue

log = logging.getLogger("formseal.jobs")

WAITING_BY_HAND = "envelope.stamp_by_hand"
MAIL = "stamp_by_hand"

UserLookup = Callable[[uuid.UUID, list[str]], Awaitable[list[tuple[str, str]]]]
"""(organisation id, user ids) -> [(name, email)] of those users who are active in it."""
_users: UserLookup | None = None


def register_users(lookup: UserLookup) -> None:
    global _users
    _users = lookup


async def wait_for_hand(
    envelope: dict[str, Any], recipient: dict[str, Any], stamps: list[dict[str, Any]]
) -> int:
    """Record that the organisation's `recipient` waits for `stamps` to be applied by hand and
    queue one mail per person who may apply them; returns how many mails were queued."""
    org = envelope["organisation"]
    names = list(dict.fromkeys(s["name"] for s in stamps))
    await audit.record(
        org,
        WAITING_BY_HAND,
        envelope_id=envelope["id"],
        actor="formseal",
        data={"role": recipient["role"], "stamps": names},
    )
    people = await _people(org, stamps)
    if not people:
        log.warning("envelope %s waits for a stamp by hand; nobody could be told", envelope["id"])
    queued = 0
    for name, email in people:
        payload = {
            "mail": MAIL,
            "envelope_id": str(envelope["id"]),
            "to_name": name,
            "to_email": email,
            "stamp": ", ".join(names),
        }
        queued += await enqueue(
            "mail",
            payload,
            organisation_id=org,
            dedupe_key=f"{MAIL}:{recipient['id']}:{email.lower()}",  # one mail each
        )
    return queued


async def _people(org: uuid.UUID, stamps: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The organisation's administrators, then the users the stamps are granted to, once each."""
    found: dict[str, tuple[str, str]] = {}
    admins = failure_mail.admin_lookup()
    for name, email in await admins(org) if admins else []:
        found.setdefault(email.lower(), (name, email))
    granted = list(dict.fromkeys(str(u) for s in stamps for u in s.get("granted_to") or []))
    if granted and _users is not None:
        for name, email in await _users(org, granted):
            found.setdefault(email.lower(), (name, email))
    return list(found.values())
