"""The wizard funnel: how many signers reached each point, and where the others stopped."""

from collections.abc import Iterable
from typing import Any

from components import Definition


def build_funnels(
    groups: Iterable[dict[str, Any]], definition: Definition | None
) -> list[dict[str, Any]]:
    """One funnel per signer role when a template is chosen (steps named after its sections),
    else one funnel for all signers with numbered steps."""
    rows = list(groups)
    if definition is None:
        return [_funnel("All signers", rows, None)] if rows else []
    funnels = []
    for role in definition.roles:
        if role.kind != "signer":
            continue
        titles = [s.title for s in definition.sections_for(role.key)]
        mine = [r for r in rows if r["role"] == role.key]
        if mine:
            funnels.append(_funnel(role.name, mine, titles))
    return funnels


def _funnel(name: str, rows: list[dict[str, Any]], titles: list[str] | None) -> dict[str, Any]:
    invited = sum(r["n"] for r in rows)
    opened = sum(r["n"] for r in rows if r["opened"] or r["status"] in ("completed", "declined"))
    signed = sum(r["n"] for r in rows if r["status"] == "completed")
    declined = sum(r["n"] for r in rows if r["status"] == "declined")
    step_count = len(titles) if titles else max((r["steps"] for r in rows), default=0)
    stages = [("Invited", invited), ("Opened the link", opened)]
    for k in range(1, step_count + 1):
        reached = sum(r["n"] for r in rows if r["steps"] >= k or r["status"] == "completed")
        title = titles[k - 1] if titles and k - 1 < len(titles) else ""
        label = f"Finished step {k}" + (f" — {title}" if title else "")
        stages.append((label, reached))
    stages.append(("Signed", signed))
    out = []
    previous = None
    for label, count in stages:
        out.append(
            {
                "label": label,
                "count": count,
                "share": count / invited if invited else 0.0,
                "stopped": (previous - count) if previous is not None else 0,
            }
        )
        previous = count
    return {"name": name, "stages": out, "invited": invited, "declined": declined}
