"""What the palette offers: every registered component, with a name an author understands."""

from dataclasses import dataclass
from typing import Any

from components import registered_components

# name -> (palette label, group, one-line hint)
_KNOWN: dict[str, tuple[str, str, str]] = {
    "text": ("Short text", "Text", "A name, a reference, one line"),
    "textarea": ("Long text", "Text", "Several lines of free text"),
    "email": ("Email address", "Text", "Checked to look like an address"),
    "phone": ("Phone number", "Text", "Checked and stored in international form"),
    "number": ("Number", "Numbers and dates", "Whole or decimal, with limits"),
    "money": ("Amount of money", "Numbers and dates", "An amount in a currency"),
    "date": ("Date", "Numbers and dates", "Day, month and year"),
    "computed": ("Calculated value", "Numbers and dates", "Worked out by a formula"),
    "select": ("Drop-down list", "Choices", "One option from a list"),
    "radio": ("Radio buttons", "Choices", "One option, all shown"),
    "multiselect": ("Tick boxes (several)", "Choices", "Any number of options"),
    "checkbox": ("Single tick box", "Choices", "Yes or no, e.g. to accept terms"),
    "signature": ("Signature", "Signing", "Drawn, typed or uploaded"),
    "initials": ("Initials", "Signing", "Initials for each page or clause"),
    "stamp": ("Company stamp", "Signing", "An image of the company seal"),
    "attachment": ("File upload", "Files", "Ask for documents, e.g. an ID"),
    "group": ("Repeating group", "Layout", "Rows of fields, e.g. directors"),
    "heading": ("Heading", "Layout", "A title inside a step"),
    "paragraph": ("Explanatory text", "Layout", "Words for the signer to read"),
}
GROUP_ORDER = ["Text", "Numbers and dates", "Choices", "Signing", "Files", "Layout", "Other"]


@dataclass(frozen=True)
class PaletteItem:
    name: str
    label: str
    group: str
    hint: str


def item(name: str) -> PaletteItem:
    label, group, hint = _KNOWN.get(name, (name.replace("_", " ").capitalize(), "Other", ""))
    return PaletteItem(name, label, group, hint)


def palette(definition: dict[str, Any] | None = None) -> list[tuple[str, list[PaletteItem]]]:
    """Registered components, grouped and in a stable order. A company stamp only in a
    template with an organisation role (`"organisation": true`, docs/stamps.md), the only
    role that can apply one: elsewhere the publish check refused it."""
    stamped = definition is None or any(
        isinstance(r, dict) and r.get("organisation") for r in definition.get("roles") or []
    )
    names = [n for n in registered_components() if stamped or n != "stamp"]
    items = [item(name) for name in names]
    order = {name: i for i, name in enumerate(_KNOWN)}
    grouped: dict[str, list[PaletteItem]] = {}
    for entry in sorted(items, key=lambda i: order.get(i.name, 999)):
        grouped.setdefault(entry.group, []).append(entry)
    return [(g, grouped[g]) for g in GROUP_ORDER if g in grouped]


def label_for(name: str) -> str:
    return item(name).label
