"""View model of the Roles and signing order tab."""

from typing import Any

from designer.drafts import DraftState
from designer.editor.views import normalise_selection, properties_context
from designer.logic.sentences import sentence
from designer.roles import operations as roles


def canvas(d: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for number, group in enumerate(roles.stages(d), start=1):
        cards = []
        for role in group:
            steps = [s for s in d.get("sections", []) if s.get("role") == role.get("key")]
            cards.append(
                {
                    **role,
                    "kind": role.get("kind", "signer"),
                    "kind_label": roles.KINDS.get(role.get("kind", "signer"), ""),
                    "rule": sentence(role.get("condition"), d, "Included")
                    if role.get("condition")
                    else "",
                    "identity_label": roles.IDENTITY_CHECKS.get(role.get("identity", "none"), ""),
                    "steps": len(steps),
                    "fields": sum(len(s.get("fields", [])) for s in steps),
                }
            )
        out.append({"number": number, "roles": cards})
    return out


def workspace_context(state: DraftState, select: str) -> dict[str, Any]:
    d = state.definition
    if not select.startswith("role:"):
        select = "role:" + str((d.get("roles") or [{}])[0].get("key", ""))
    select = normalise_selection(d, select)
    props = properties_context(state, select)
    return {
        "state": state,
        "d": d,
        "stages": canvas(d),
        "select": select,
        "props": props,
        "kinds": roles.KINDS,
        "identity_checks": roles.IDENTITY_CHECKS,
        "identity_supported": roles.identity_supported(),
        "current_section": "",
    }
