"""Where an envelope stands, in the sender's words: who has finished, whose turn it is,
who waits for whom, and when their mails went out.

Read from the envelope (get_envelope) and its audit trail; nothing here changes anything.
The invitation and reminder times come from the `mail.sent` events, which name the
address a mail went to.
"""

import uuid
from collections.abc import Collection
from typing import Any

from runtime import audit
from runtime.clock import iso

DONE_WORDS = {"signer": "Signed", "approver": "Approved"}
WAITING = ("notified", "viewed", "verified")
_WAITING_WORDS = {
    "notified": "Invited, not opened yet",
    "viewed": "Opened, not finished",
    "verified": "Identity checked, not finished",
}


async def people_progress(
    organisation_id: uuid.UUID,
    envelope: dict[str, Any],
    roles: dict[str, str],
    stamp_roles: Collection[str] = (),
) -> dict[str, Any]:
    """`{"people": [...], "waiting_for": [...], "waiting_names": "…", "next": [...]}`; each
    person gains `state` (the words of their status) and `notes` (when they were invited,
    reminded, finished). The organisation's own roles (`stamp_roles`) are never invited:
    they wait for its company stamp."""
    events = await audit.events(organisation_id, uuid.UUID(envelope["id"]))
    mails = _mails(events)
    recipients = envelope["recipients"]
    open_ = envelope["status"] in ("sent", "in_progress")
    people = []
    for r in recipients:
        who = f"{r['name'] or r['email']} ({roles.get(r['role'], r['role'])})"
        state = _state(r, recipients, roles, mails.get(r["email"].lower(), {}))
        if r["kind"] == "cc":
            state = _copy(mails.get(r["email"].lower(), {}), envelope["status"])
        elif not open_ and r["status"] in (*WAITING, "pending"):
            state = {
                "state": f"Did not act: the envelope {_ended(envelope['status'])}",
                "notes": [],
            }
        if r["role"] in stamp_roles:
            state = _stamp(r, state, envelope["status"])
        people.append({**r, "who": who, **state, "stamp": r["role"] in stamp_roles})
    waiting_for = [p for p in people if open_ and p["status"] in WAITING]
    remindable = [p for p in waiting_for if p["email"]]
    pending = [p for p in people if open_ and p["status"] == "pending" and p["kind"] != "cc"]
    first = min((p["stage"] for p in pending), default=None)
    return {
        "people": people,
        "waiting_for": waiting_for,
        # whom Remind now mails: "Fin Ance and Cee Oh"; never the organisation's own role
        # (its company stamp), which has no address
        "remindable": remindable,
        "waiting_names": _and(_unique([p["name"] or p["email"] for p in remindable]))
        if remindable
        else "",
        "next": [p for p in pending if p["stage"] == first],
        "closed": _closed(envelope["status"], events, people),
        # the agreement is made and only its seal is missing: no Void (docs/decisions/0008)
        "everyone_signed": open_ and _everyone_signed(people),
    }


def _everyone_signed(people: list[dict[str, Any]]) -> bool:
    acting = [p["status"] for p in people if p["kind"] != "cc"]
    return "completed" in acting and all(s in ("completed", "skipped") for s in acting)


def _closed(status: str, events: list[dict[str, Any]], people: list[dict[str, Any]]) -> str:
    """Who ended an envelope that did not complete, and when: 'Declined by Fin Ance
    (Finance) on 2026-11-27 23:43 UTC'; the reason is shown beside it."""
    if status not in ("declined", "voided", "expired"):
        return ""
    event = next((e for e in reversed(events) if e["action"] == f"envelope.{status}"), None)
    when = f" on {_when(iso(event['created_at']) or '')}" if event else ""
    if status == "expired":
        return f"Expired{when}: the links no longer work"
    if status == "voided":
        actor = event["actor"] if event else ""
        # "api": a script with an API key voided it, not a person called api
        by = " through the API" if actor == "api" else f" by {actor}" if actor else ""
        return f"Voided{by}{when}"
    decliner = next((p["who"] for p in people if p["status"] == "declined"), "")
    return f"Declined by {decliner}{when}" if decliner else f"Declined{when}"


def _state(
    r: dict[str, Any],
    recipients: list[dict[str, Any]],
    roles: dict[str, str],
    mails: dict[str, list[str]],
) -> dict[str, Any]:
    notes = []
    invited = mails.get("invitation", [])
    reminders = mails.get("reminder", [])
    status = r["status"]
    if status == "completed":
        state = DONE_WORDS.get(r["kind"], "Finished")
        if r["completed_at"]:
            notes.append(_when(r["completed_at"]))
    elif status == "declined":
        state = "Declined"
    elif status == "skipped":
        state = "Not needed (the template's condition left this role out)"
    elif status == "pending":
        earlier = [
            roles.get(o["role"], o["role"])
            for o in recipients
            if o["stage"] < r["stage"]
            and o["kind"] != "cc"
            and o["status"] not in ("completed", "skipped")
        ]
        state = "Not invited yet"
        if earlier:
            notes.append(f"Invited once {_and(_unique(earlier))} {_verb(earlier)} finished")
    else:
        state = _WAITING_WORDS.get(status, status.replace("_", " ").capitalize())
        if status != "notified" and r.get("viewed_at"):
            notes.append(f"Opened {_when(r['viewed_at'])}")
    if invited and status in WAITING:
        label = "Invitation mailed" if len(invited) == 1 else "Invitation mailed again"
        notes.append(f"{label} {_when(invited[-1])}")
    if reminders and status in WAITING:
        times = "once" if len(reminders) == 1 else f"{len(reminders)} times"
        notes.append(f"Reminded {times}, last {_when(reminders[-1])}")
    return {"state": state, "notes": notes}


def _mails(events: list[dict[str, Any]]) -> dict[str, dict]:
    """address -> mail kind -> the times it was sent, oldest first."""
    found: dict[str, dict[str, list[str]]] = {}
    for event in events:
        if event["action"] != "mail.sent":
            continue
        data = event["data"] or {}
        to = str(data.get("to", "")).lower()
        found.setdefault(to, {}).setdefault(str(data.get("mail", "")), []).append(
            iso(event["created_at"]) or ""
        )
    return found


def _stamp(r: dict[str, Any], state: dict[str, Any], status: str) -> dict[str, Any]:
    """The organisation's role in words: stamped, waiting for its stamp, or to stamp once
    the people before it finish ("Not invited yet" and "Invited, not opened yet" said it
    would get a mail it never gets)."""
    if r["status"] == "completed":
        return {**state, "state": "Company stamp applied"}
    ended = status not in ("sent", "in_progress")
    if ended and r["status"] in (*WAITING, "pending"):
        return {"state": f"Not stamped: the envelope {_ended(status)}", "notes": []}
    if ended:
        return state
    if r["status"] in WAITING:
        return {"state": "Waiting for the company stamp", "notes": []}
    if r["status"] == "pending":
        notes = [n.replace("Invited once", "Stamped once", 1) for n in state["notes"]]
        return {"state": "Not stamped yet", "notes": notes}
    return state


def _copy(mails: dict[str, list[str]], status: str) -> dict[str, Any]:
    """A cc person is never asked to act: they get the sealed PDF at the end, unless the
    envelope ends without one (declined, voided, expired)."""
    if mails.get("completed"):
        return {
            "state": "Copy sent",
            "notes": [f"Sealed PDF mailed {_when(mails['completed'][-1])}"],
        }
    if status in ("declined", "voided", "expired"):
        return {"state": f"No copy: the envelope {_ended(status)}", "notes": []}
    return {
        "state": "Gets a copy",
        "notes": ["The sealed PDF is mailed when everyone has finished"],
    }


def _ended(status: str) -> str:
    return {"draft": "was never sent"}.get(status, f"was {status.replace('_', ' ')}")


def _when(stamp: str) -> str:
    """'2026-11-27T23:41:02Z' -> '2026-11-27 23:41 UTC', as the rest of the page."""
    return stamp.replace("T", " ")[:16] + " UTC"


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _verb(names: list[str]) -> str:
    return "has" if len(_unique(names)) == 1 else "have"
