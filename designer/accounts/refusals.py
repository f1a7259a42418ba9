"""Refused one-click changes on the users screens (Change role, Deactivate, Send a new
invitation), by code: the POST redirects back to the list (post/redirect/get) with the
code, and the list says why beside that user's row. Rendering the refusal at the POST's
address left the action's URL in the address bar, and reloading posted it again.

Only a code travels in the URL, never the words: a link cannot make the page say
something of its own. A refusal of typed input (a password too short) is shown at once
instead, as any form's error is."""

LAST_ADMIN = (
    "{email} is the last active administrator of {organisation}. Make another user an "
    "administrator first."
)

REFUSALS = {
    "last_admin": LAST_ADMIN,
    "role": "Choose a role: {roles}.",
    "deactivated": "{email} is deactivated: reactivate them first.",
}
#: the control beside which a refusal stands (partials/designer/_user_controls.html)
CONTROLS = ("role", "status", "password")


def refusal_query(code: str, user_id: object, control: str) -> str:
    """`refused=…&user=…&on=…` for the list the POST redirects to: the page opens at its
    top, where the error summary links to the message beside the row."""
    return f"refused={code}&user={user_id}&on={control}"


def refusal_message(code: str, *, email: str, organisation: str, roles: str = "") -> str:
    """The words of a refusal code ("" for a code that names none)."""
    words = REFUSALS.get(code, "")
    return words.format(email=email, organisation=organisation, roles=roles) if words else ""
