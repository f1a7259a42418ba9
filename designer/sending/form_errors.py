"""The send form's checks and its errors in the sender's words, beside the inputs they concern.

The engine answers with JSON paths (`$.recipients[1].name: must not be empty`), which suit
the API; the send form names the role and the input instead ("Enter a full name for
Finance") and links each message in the summary to its input. The form mails every link,
so it also refuses a person without an email address: the engine accepts one for embeds
and API callers who hand the link over themselves, but from this screen such a person
would never be invited.
"""

import re
from typing import Any

from components import Definition
from runtime.envelopes.schemas import EnvelopeCreate
from runtime.envelopes.service import check_request
from runtime.errors import Invalid

_RECIPIENT = re.compile(r"\$\.recipients\[(\d+)\]\.(\w+)")
_PREFILL = re.compile(r"\$\.prefill\.(\w+)")
#: the timing boxes' paths -> their inputs on the form
_TIMING = {
    "$.expires_in_days": "expires",
    "$.reminders.first_after_days": "r-first",
    "$.reminders.every_days": "r-every",
    "$.reminders.max_count": "r-max",
}


def check_before_sending(
    definition: Definition, request: EnvelopeCreate, timing: list[dict[str, str]] | None = None
) -> None:
    """Raise Invalid with every problem at once: the engine's, each missing email and the
    `timing` boxes (expiry, reminders) build_request found wrong."""
    errors = [
        {"path": f"$.recipients[{i}].email", "message": "missing"}
        for i, r in enumerate(request.recipients)
        if not r.email.strip()
    ] + list(timing or [])
    reported = {e["path"] for e in errors}
    try:
        check_request(definition, request)
    except Invalid as exc:
        errors += [e for e in exc.extra.get("errors", []) if e["path"] not in reported]
        if not exc.extra.get("errors"):
            errors.append({"path": "$", "message": exc.detail})
    if errors:
        raise Invalid("The recipients are not valid.", extra={"errors": errors})


def form_errors(
    definition: Definition, request: EnvelopeCreate | None, exc: Invalid
) -> list[dict[str, str]]:
    """`[{"id": input id or "", "message": …}]` in the order the inputs appear."""
    found = exc.extra.get("errors") or [{"path": "$", "message": exc.detail}]
    out = [_worded(definition, request, e["path"], e["message"]) for e in found]
    order = _input_order(definition)
    return sorted(out, key=lambda e: order.get(e["id"], len(order)))


def _worded(
    definition: Definition, request: EnvelopeCreate | None, path: str, message: str
) -> dict[str, str]:
    match = _RECIPIENT.fullmatch(path)
    if match and request is not None and int(match.group(1)) < len(request.recipients):
        recipient = request.recipients[int(match.group(1))]
        role = definition.role(recipient.role)
        who = role.name if role is not None else recipient.role
        part = match.group(2)
        if part == "name":
            return {"id": f"{recipient.role}-name", "message": f"Enter a full name for {who}"}
        if part == "email" and not recipient.email.strip():
            return {
                "id": f"{recipient.role}-email",
                "message": f"Enter an email address for {who}: their link is mailed there",
            }
        if part == "email":
            return {
                "id": f"{recipient.role}-email",
                "message": f"Enter an email address for {who} in the correct format, "
                "like name@example.com",
            }
        return {"id": "", "message": f"{who}: {part.replace('_', ' ')} {message}"}
    if path in _TIMING:
        return {"id": _TIMING[path], "message": message}
    match = _PREFILL.fullmatch(path)
    if match:
        field = definition.field(match.group(1))
        label = field.label if field is not None else match.group(1)
        # the engine's message often names the field already ("Fee must be a number…")
        named = message if message.startswith(label) else f"{label}: {message}"
        return {"id": f"prefill-{match.group(1)}", "message": named}
    return {"id": "", "message": message}


def _input_order(definition: Definition) -> dict[str, int]:
    ids = [f"{r.key}-{part}" for r in definition.roles for part in ("name", "email")]
    ids += [f"prefill-{f.key}" for _, f in definition.fields()]
    ids += list(_TIMING.values())
    return {i: n for n, i in enumerate(ids)}


def by_input(errors: list[dict[str, str]]) -> dict[str, Any]:
    """The first message for each input, to show beside it."""
    beside: dict[str, str] = {}
    for e in errors:
        if e["id"]:
            beside.setdefault(e["id"], e["message"])
    return beside
