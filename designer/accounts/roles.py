"""The four roles a designer user may hold, and what each may do.

One role per user. Admins may do everything; the others one kind of work each:
- author: edit, publish, archive and restore templates;
- sender: send envelopes (one or in bulk), remind, void and resend;
- viewer: read only (library, envelopes, downloads).
Every role may read. Users, API keys, webhooks and organisation settings are admin work.
"""

ADMIN, AUTHOR, SENDER, VIEWER = "admin", "author", "sender", "viewer"
ROLES: tuple[str, ...] = (ADMIN, AUTHOR, SENDER, VIEWER)

LABELS = {
    ADMIN: "Administrator",
    AUTHOR: "Author",
    SENDER: "Sender",
    VIEWER: "Viewer",
}
DESCRIPTIONS = {
    ADMIN: "Everything, including users, API keys, webhooks and organisation settings.",
    AUTHOR: "Designs, publishes and archives templates.",
    SENDER: "Sends envelopes, reminds, voids and resends them.",
    VIEWER: "Reads templates and envelopes and downloads documents.",
}
# What a role may do, on top of reading. Admins may do everything.
ACTIONS = {
    AUTHOR: frozenset({"author"}),
    SENDER: frozenset({"send"}),
    VIEWER: frozenset(),
}
ACTION_OF_ROLE = {AUTHOR: "author", SENDER: "send", ADMIN: "admin", VIEWER: "read"}
ACTION_WORDS = {
    "author": "edit or publish templates",
    "send": "send envelopes",
    "admin": "manage users and organisation settings",
    "read": "read",
}


def can(role: str, action: str) -> bool:
    """May a user with `role` do `action` ("author", "send", "admin" or "read")?"""
    if role == ADMIN or action == "read":
        return role in ROLES
    return action in ACTIONS.get(role, frozenset())


def valid_role(role: str) -> str | None:
    """The role named by `role` (case-insensitive), or None when there is no such role."""
    role = role.strip().lower()
    return role if role in ROLES else None
