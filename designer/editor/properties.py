"""The properties panel: which settings a field offers, and reading them from the form.

The panel posts the whole form on every change, so a missing tick box means "off".
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import msgspec

from components import get_component
from components.definition import Field
from components.fields.attachment import _ACCEPT_ITEM, LIMIT_MAX_SIZE
from components.fields.file_limit import in_megabytes, plain
from designer.editor import languages, options
from designer.editor import operations as ops
from designer.editor.columns import parse_columns
from designer.editor.keys import derive_key, was_derived
from designer.references import rename_option_values
from designer.web import as_list, flag, text
from runtime.errors import Invalid

PREFILL_SOURCES = {
    "": "Nobody: the signer answers it",  # ticks or picks a date as well as types
    "api": "The sender or the API",
    "url": "A parameter of the signed link",
    "sso": "Their company sign-in (single sign-on)",
}
#: the largest figure the *Largest file (MB)* box takes: 100 MB of 1,000,000 bytes, the
#: most the API takes too (LIMIT_MAX_SIZE)
MAX_BOX_MB = LIMIT_MAX_SIZE // 10**6


@dataclass(frozen=True)
class Setting:
    """One `validation` key as the panel shows it."""

    key: str
    label: str
    kind: str  # int, number, date, text, list, mb, choice, stamp (a chooser)
    hint: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (value, what the menu says)


SETTINGS = {
    "min_length": Setting("min_length", "Fewest characters", "int"),
    "max_length": Setting("max_length", "Most characters", "int"),
    "min": Setting("min", "Smallest allowed", "number"),
    "max": Setting("max", "Largest allowed", "number"),
    "decimals": Setting("decimals", "Decimal places", "int"),
    "currency": Setting("currency", "Currency", "text", "3 capital letters, like EUR"),
    "accept": Setting(
        "accept",
        "Accepted file types",
        "list",
        "File endings separated by commas, like .pdf, .docx. Left empty: PDF, JPG or PNG.",
    ),
    "max_size": Setting("max_size", "Largest file (MB)", "mb"),
    "min_files": Setting("min_files", "Fewest files", "int"),
    "max_files": Setting("max_files", "Most files", "int"),
    "min_selected": Setting("min_selected", "Fewest ticked", "int"),
    "max_selected": Setting("max_selected", "Most ticked", "int"),
    "min_rows": Setting("min_rows", "Fewest rows", "int"),
    "max_rows": Setting("max_rows", "Most rows", "int"),
    "row_label": Setting("row_label", "Name of one row", "text", "For example Director"),
    "default_region": Setting("default_region", "Default country", "text", "Like GB or VN"),
    "stamp": Setting("stamp", "Which stamp", "stamp"),
    "format": Setting(
        "format", "Show as", "choice", "", (("number", "A number"), ("money", "An amount of money"))
    ),
}


def settings_for(component: str) -> list[Setting]:
    comp = get_component(component)
    keys = sorted(getattr(comp, "validation_keys", frozenset()) or ())
    order = list(SETTINGS)
    keys.sort(key=lambda k: order.index(k) if k in order else 999)
    return [SETTINGS.get(k, Setting(k, k.replace("_", " ").capitalize(), "text")) for k in keys]


def setting_value(setting: Setting, component: str, raw: Any) -> str:
    """How a stored validation value is shown in its input."""
    if raw is None:
        return ""
    if setting.kind == "mb" and isinstance(raw, int):
        if raw > LIMIT_MAX_SIZE:  # stored before the one maximum: as the box counts, above 100
            return plain(Decimal(raw) / 10**6)  # 104,857,600 -> 104.8576, not "100"
        return in_megabytes(raw)  # the figure signers read (file_limit.py)
    if setting.kind == "list" and isinstance(raw, list):
        return ", ".join(str(v) for v in raw)
    return str(raw)


def input_type(setting: Setting, component: str) -> str:
    if setting.kind == "number" and component == "date":
        return "date"
    return "number" if setting.kind in {"int", "number", "mb"} else "text"


def _number(raw: str, label: str) -> int | float:
    raw = raw.strip().replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", raw):
        raise Invalid(f"{label} must be a number.")
    value = float(raw)
    return int(value) if value.is_integer() else value


def _parse_setting(setting: Setting, component: str, raw: str) -> Any:
    raw = raw.strip()
    if not raw:
        return None
    if setting.kind == "int":
        value = _number(raw, setting.label)
        if not isinstance(value, int):
            raise Invalid(f"{setting.label} must be a whole number.")
        return value
    if setting.kind == "mb":  # MB of 1,000,000 bytes: what is typed is what signers read
        return _megabytes(setting, raw)
    if setting.kind == "number":
        return raw if component == "date" else _number(raw, setting.label)
    if setting.kind == "list":
        items = [p.strip() for p in raw.split(",") if p.strip()]
        return [_file_ending(p) for p in items] if setting.key == "accept" else items
    if setting.key == "currency":
        return raw.upper()[:200]  # "eur" is EUR: codes are capitals, nobody should care
    return raw[:200]


def _megabytes(setting: Setting, raw: str) -> int:
    """The *Largest file (MB)* box in bytes: 0.1 is 100,000 (signers read "100 KB"), 2.5 is
    2,500,000 ("2.5 MB"); at most three decimals (0.001 is 1 KB) and at most 100 MB."""
    boxes = {"boxes": [f"prop-v-{setting.key}"]}
    figure = Decimal(str(_number(raw, setting.label)))
    size = figure * 10**6
    if not 0 < figure <= MAX_BOX_MB:
        raise Invalid(f"{setting.label} must be more than 0 and at most {MAX_BOX_MB}.", extra=boxes)
    if size % 1000:
        raise Invalid(f"{setting.label} takes at most 3 decimals: 0.001 MB is 1 KB.", extra=boxes)
    return int(size)


def _file_ending(raw: str) -> str:
    """`pdf`, `*.PDF` and `.pdf` all mean `.pdf`; a media type (`image/*`) stays."""
    item = raw.lower().lstrip("*")
    if "/" not in item and not item.startswith("."):
        item = "." + item
    if not _ACCEPT_ITEM.match(item):
        raise Invalid(
            f"“{raw}” is not a file ending: write endings like .pdf, .docx.",
            extra={"boxes": ["prop-v-accept"]},
        )
    return item


# "Fewest" and "Most" of the same thing: refused when the fewest is more than the most
_PAIRS = (
    ("min_length", "max_length"),
    ("min", "max"),
    ("min_files", "max_files"),
    ("min_selected", "max_selected"),
    ("min_rows", "max_rows"),
)


def _check_pairs(validation: Mapping[str, Any]) -> None:
    for low, high in _PAIRS:
        least, most = validation.get(low), validation.get(high)
        numbers = all(isinstance(v, int | float) for v in (least, most))
        dates = all(isinstance(v, str) for v in (least, most))
        if (numbers or dates) and least > most:  # type: ignore[operator]
            raise Invalid(
                f"{SETTINGS[low].label} ({least}) is more than {SETTINGS[high].label} "
                f"({most}): change one of them.",
                extra={"boxes": [f"prop-v-{low}", f"prop-v-{high}"]},
            )


def _default(component: str, raw: str) -> Any:
    raw = raw.strip()
    if not raw:
        return None
    comp = get_component(component)
    kind = getattr(comp, "value_type", "string")
    if kind == "boolean":
        return raw.lower() in {"yes", "true", "1", "on"}
    if kind == "number" and component != "money":
        return _number(raw, "The default value")
    return raw[:500]


def apply_field(
    d: dict[str, Any],
    key: str,
    data: dict[str, Any],
    published: frozenset[str] = frozenset(),
    published_options: Sequence[Mapping[str, Any]] = (),
) -> str:
    """Apply the posted panel to field `key`; returns the field's key afterwards. A key in
    `published` (the fields of the latest version) no longer follows the label: the API,
    webhooks and prefill links of the live version name the answer by it. The same holds
    for the option values in `published_options` (this field's options in that version)."""
    _, _, field = ops.find_field(d, key)
    component = field.get("component", "")
    old_label = field.get("label", "")
    label = " ".join(text(data, "label", 500).split())
    if not label:
        raise Invalid("Give the field a label: the question the signer sees.")
    field["label"] = label
    for name, limit in (("help", 1000), ("placeholder", 200)):
        ops.set_or_drop(field, name, text(data, name, limit).strip(), "")
    ops.set_or_drop(field, "required", flag(data, "required"), False)
    ops.set_or_drop(field, "default", _default(component, text(data, "default", 500)), None)
    _apply_prefill(field, data)
    _apply_validation(field, component, data)
    if "options" in data:
        revised, renamed = options.revise(
            field.get("options") or [], text(data, "options", 20000), published_options
        )
        ops.set_or_drop(field, "options", revised, [])
        rename_option_values(d, key, renamed)
    if "columns" in data and component == "group":
        field["fields"] = parse_columns(text(data, "columns", 20000), field.get("fields") or [])
    new_key = text(data, "key", 100).strip() or key
    # a published field keeps its key, also after the author changed it (found by its options)
    follows = key not in published and not published_options and was_derived(key, old_label)
    if new_key == key and follows and old_label != label:
        new_key = derive_key(label, ops.field_keys(d) - {key})
    if new_key != key:
        ops.rename_field(d, key, new_key)
    owner = text(data, "owner", 100)
    if owner:
        _move_to_role(d, new_key, owner)
    return new_key


def _apply_prefill(field: dict[str, Any], data: dict[str, Any]) -> None:
    source = text(data, "prefill_source", 10)
    if source not in PREFILL_SOURCES:
        raise Invalid("Choose where the value may come from.")
    if not source:
        field.pop("prefill", None)
        return
    prefill: dict[str, Any] = {"source": source}
    claim = text(data, "prefill_claim", 200).strip()
    if claim and source == "sso":
        prefill["claim"] = claim
    if flag(data, "prefill_lock"):
        prefill["lock"] = True
    field["prefill"] = prefill


def _apply_validation(field: dict[str, Any], component: str, data: dict[str, Any]) -> None:
    validation = dict(field.get("validation") or {})
    changed = []
    for setting in settings_for(component):
        name = f"validation_{setting.key}"
        if name in data:
            typed = text(data, name, 500)
            stored = validation.get(setting.key)
            as_shown = typed.strip() == setting_value(setting, component, stored)
            if setting.kind == "mb" and as_shown:
                continue  # the box as it was shown: the bytes stay (100,000, not 0.1 x 1,048,576)
            value = _parse_setting(setting, component, typed)
            if not as_shown and value is not None:  # a box emptied is for the publish check
                changed.append(setting.key)
            if value is None:
                validation.pop(setting.key, None)
            else:
                validation[setting.key] = value
    _check_pairs(validation)
    _check_settings({**field, "validation": validation}, component, changed)
    ops.set_or_drop(field, "validation", validation, {})


def _check_settings(field: dict[str, Any], component: str, changed: Sequence[str]) -> None:
    """A setting just typed that the component cannot take (Fewest characters -3, Decimal
    places 12) is refused beside its box, as the box's other mistakes are: it was saved,
    "All changes saved", and only the publish check said "must be between 0 and 100000"."""
    comp = get_component(component)
    try:
        parsed = msgspec.convert(field, type=Field)
    except msgspec.ValidationError:
        return  # not readable as a field yet: the publish check says why
    for path, message in comp.check_field(parsed) if comp else ():
        key = path.removeprefix("validation.")
        if path.startswith("validation.") and key in changed and key in SETTINGS:
            raise Invalid(f"{SETTINGS[key].label} {message}.", extra={"boxes": [f"prop-v-{key}"]})


def _move_to_role(d: dict[str, Any], key: str, role: str) -> None:
    """'Filled in by' another role: move the field to that role's last step (or a new one)."""
    section, _, _ = ops.find_field(d, key)
    if section.get("role") == role:
        return
    roles = {r.get("key"): r for r in d.get("roles", [])}
    if role not in roles:
        raise Invalid("Choose one of the roles of this template.")
    owned = [s for s in ops.sections(d) if s.get("role") == role]
    if owned:
        target = owned[-1]
    else:
        name = roles[role].get("name") or role
        target = ops.find_section(d, ops.add_section(d, f"{name}: details", role))
    ops.move_field(d, key, target["key"], len(target.get("fields", [])))


def apply_template(d: dict[str, Any], data: dict[str, Any]) -> None:
    name = " ".join(text(data, "name", 300).split())
    if not name:
        raise Invalid("Give the template a name.")
    d["name"] = name[:200]
    ops.set_or_drop(d, "description", text(data, "description", 2000).strip(), "")
    language = languages.chosen(text(data, "language", 20), str(d.get("language", "en")))
    ops.set_or_drop(d, "language", language, "en")
    policy = text(data, "signature_policy", 30) or "typed_allowed"
    if policy not in {"typed_allowed", "drawn_required"}:
        raise Invalid("Choose how signers may sign.")
    settings = dict(d.get("settings") or {})
    ops.set_or_drop(settings, "signature_policy", policy, "typed_allowed")
    # Part of the definition, so each published version keeps the choice (docs/sealing.md).
    ops.set_or_drop(settings, "stage_signatures", flag(data, "stage_signatures"), False)
    ops.set_or_drop(d, "settings", settings, {})


__all__ = ["PREFILL_SOURCES", "SETTINGS", "apply_field", "apply_template", "as_list"]
