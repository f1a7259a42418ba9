"""/designer/settings/audit: the organisation's own audit events in words, newest first,
and "Check the audit trails", which recomputes every hash chain of the organisation (its
own events and each envelope's) as `formseal audit verify` does, naming the first broken
event of a broken trail. Reads only; the check is a GET (?check=1)."""

from litestar import Controller, get
from litestar.response import Template

from designer.accounts.guards import CurrentUser, requires_role
from designer.audit.templates import with_template_names
from designer.audit.words import event_words
from designer.web import page
from runtime import audit
from runtime.clock import iso

SHOWN = 100
SIGN_INS = ("designer.login", "designer.two_step_asked")
"""Left out by "Hide sign-ins" (failed and refused sign-ins stay: they are what to look at;
a right password that asked for the two-step code is half a sign-in)."""


class AuditController(Controller):
    path = "/settings/audit"
    guards = [requires_role("admin")]

    @get("/")
    async def index(self, current_user: CurrentUser, check: str = "", show: str = "") -> Template:
        """`show=changes`: without successful sign-ins, which otherwise fill the newest
        hundred events of a busy organisation and push its changes off the page."""
        changes = show == "changes"
        rows = await audit.organisation_events(
            current_user.organisation_id, SHOWN, leave_out=SIGN_INS if changes else ()
        )
        rows = await with_template_names(current_user.organisation_id, rows)
        events = [
            {
                "id": r["id"],
                "when": iso(r["created_at"]),
                "what": event_words(r["action"], r["data"]),
                "who": r["actor"],
                "ip": r["ip"],
            }
            for r in rows
        ]
        checked = None
        if check:
            trails = await audit.verify_trails(organisation_id=current_user.organisation_id)
            checked = {
                "trails": len(trails),
                "events": sum(t.chain.count for t in trails),
                "broken": [
                    {"envelope": str(t.envelope) if t.envelope else "", "problem": t.chain.problem}
                    for t in trails
                    if not t.chain.ok
                ],
            }
        return page(
            "settings_audit.html",
            current_user,
            nav="audit",
            events=events,
            shown=SHOWN,
            changes=changes,
            checked=checked,
        )
