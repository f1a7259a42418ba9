"""How a field is named wherever the designer offers it for choice (rule pickers, merge
fields, the answers a table lists, signature blocks).

With several roles the same label recurs ("Your signature" for the Employee, the Manager
and HR), and a list of three identical names cannot be chosen from. A label shared by
several fields gets the first of these that tells them apart: the role's name, the step's
title, both, or finally the key. The field's own label is never changed.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

_Place = tuple[dict[str, Any], str, str]  # field, role name, step title


def _places(d: dict[str, Any]) -> list[_Place]:
    roles = {
        r.get("key"): str(r.get("name") or r.get("key") or "")
        for r in d.get("roles") or []
        if isinstance(r, dict)
    }
    out: list[_Place] = []
    for section in d.get("sections") or []:
        if not isinstance(section, dict):
            continue
        role = roles.get(section.get("role"), str(section.get("role") or ""))
        for f in section.get("fields") or []:
            if isinstance(f, dict):
                out.append((f, role, str(section.get("title") or "")))
    return out


_SUFFIXES: list[Callable[[_Place], str]] = [
    lambda p: p[1],
    lambda p: p[2],
    lambda p: f"{p[1]} · {p[2]}" if p[1] and p[2] else "",
    lambda p: str(p[0].get("key") or ""),
]


def choice_labels(d: dict[str, Any]) -> dict[str, str]:
    """Every field's key -> the name to offer it by: its label, told apart when shared."""
    groups: dict[str, list[_Place]] = defaultdict(list)
    for place in _places(d):
        label = str(place[0].get("label") or place[0].get("key") or "")
        groups[" ".join(label.split()).casefold()].append(place)
    names: dict[str, str] = {}
    for places in groups.values():
        suffix: Callable[[_Place], str] | None = None
        if len(places) > 1:
            suffix = next(
                (
                    s
                    for s in _SUFFIXES
                    if all(s(p) for p in places) and len({s(p) for p in places}) == len(places)
                ),
                _SUFFIXES[-1],
            )
        for place in places:
            f = place[0]
            label = str(f.get("label") or f.get("key") or "")
            names[str(f.get("key") or "")] = f"{label} — {suffix(place)}" if suffix else label
    return names
