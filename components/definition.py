"""The definition schema, version 1: roles, sections, fields and document blocks.

Structure is checked by msgspec (types, unknown keys); meaning is checked by
`_check_references` (unique keys, known components, roles that exist). Both report
every problem with its JSON path.
"""

import difflib
import re
from collections.abc import Iterator
from typing import Any, Literal

import msgspec

from components.canonical import canonical_json
from components.checks import KEY_PATTERN, check_field, condition_problems, key_message
from components.errors import DefinitionError, ErrorItem
from components.json_numbers import too_large_number
from components.registry import get_component
from components.shape import shape_problems

__all__ = ["KEY_PATTERN", "Definition", "Field", "Option", "parse_definition"]
MAX_DEFINITION_BYTES = 1_000_000

RoleKind = Literal["signer", "approver", "cc"]
SignaturePolicy = Literal["drawn_required", "typed_allowed"]
#: how a recipient of a role proves who they are before signing
IdentityCheck = Literal["none", "email_code", "sms_code", "access_code"]


class _Struct(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """Unknown keys are refused: a typo in a definition must not pass silently."""


class Prefill(_Struct):
    """Where a field's value may come from before the signer sees it."""

    source: Literal["api", "url", "sso"] = "api"
    claim: str | None = None
    lock: bool = False


class Option(_Struct):
    """One choice of a select, radio or multiselect field: the stored value and its label."""

    value: str
    label: str = ""

    @property
    def text(self) -> str:
        return self.label or self.value


class Field(_Struct):
    """One question. `options` is read by select/radio/multiselect, `expression` by
    computed, `fields` (the columns of one row) by group; the rest by every component."""

    key: str
    component: str
    label: str
    help: str = ""
    required: bool = False
    placeholder: str = ""
    default: Any = None
    prefill: Prefill | None = None
    validation: dict[str, Any] = {}
    visible_if: dict[str, Any] | None = None
    options: list[Option] = []
    expression: dict[str, Any] | None = None
    fields: "list[Field]" = []

    def option_label(self, value: Any) -> str:
        """The label shown for a stored option value (the value itself when unknown)."""
        return next((o.text for o in self.options if o.value == value), str(value))


class Section(_Struct):
    """One wizard step, owned by one role."""

    key: str
    title: str
    role: str
    fields: list[Field]
    description: str = ""
    visible_if: dict[str, Any] | None = None


class Role(_Struct):
    key: str
    name: str
    kind: RoleKind = "signer"
    stage: int = 1
    condition: dict[str, Any] | None = None
    identity: IdentityCheck = "none"
    organisation: bool = False
    """The organisation itself plays this role: nobody gets a link; when its stage comes up
    the engine applies its company stamps (auto-sign) and routing moves on."""


class Heading(_Struct, tag="heading", tag_field="kind"):
    text: str
    level: int = 1
    visible_if: dict[str, Any] | None = None


class Paragraph(_Struct, tag="paragraph", tag_field="kind"):
    """Rich text; `{{ field_key }}` merge fields are replaced by the escaped answer."""

    html: str
    visible_if: dict[str, Any] | None = None


class FieldsBlock(_Struct, tag="fields", tag_field="kind"):
    """A label/value table of answers; `fields` empty means every visible field."""

    fields: list[str] = []
    visible_if: dict[str, Any] | None = None


class SignatureBlock(_Struct, tag="signature", tag_field="kind"):
    role: str
    field: str = ""
    visible_if: dict[str, Any] | None = None


class PageBreak(_Struct, tag="page_break", tag_field="kind"):
    visible_if: dict[str, Any] | None = None


Block = Heading | Paragraph | FieldsBlock | SignatureBlock | PageBreak


class Settings(_Struct):
    signature_policy: SignaturePolicy = "typed_allowed"
    stage_signatures: bool = False
    """Seal each finished stage with its own approval signature (docs/sealing.md)."""


class Definition(_Struct):
    """What an author designs; frozen into a TemplateVersion on publish."""

    name: str
    roles: list[Role]
    sections: list[Section]
    document: list[Block] = []
    schema_version: Literal[1] = 1
    description: str = ""
    language: str = "en"
    settings: Settings = msgspec.field(default_factory=Settings)

    def fields(self) -> Iterator[tuple[Section, Field]]:
        """Every field with the section that holds it, in wizard order."""
        for section in self.sections:
            for field in section.fields:
                yield section, field

    def field(self, key: str) -> Field | None:
        return next((f for _, f in self.fields() if f.key == key), None)

    def role(self, key: str) -> Role | None:
        return next((r for r in self.roles if r.key == key), None)

    def prefilled_by(self, source: str) -> list[Field]:
        """The fields the template's prefill settings let `source` fill in beforehand; "api"
        is the sender (send and bulk send screens). A field without prefill is the signer's,
        and so is a signature, stamp or upload whatever its settings say (lint warns)."""
        return [
            f
            for f in self.prefillable_fields()
            if f.prefill is not None and f.prefill.source == source
        ]

    def prefillable_fields(self) -> list[Field]:
        """Every field a value may be given to before signing (the API's `prefill`): not
        signatures, stamps or uploads, nor headings and computed values."""
        return [
            f
            for _, f in self.fields()
            if (component := get_component(f.component)) is not None and component.can_be_prefilled
        ]

    def sections_for(self, role_key: str) -> list[Section]:
        return [s for s in self.sections if s.role == role_key]


def parse_definition(raw: bytes | str | dict[str, Any]) -> Definition:
    """Decode and check a definition; raises DefinitionError listing every problem."""
    if isinstance(raw, str):
        raw = raw.encode()
    if isinstance(raw, bytes) and raw.startswith(_BOM):  # saved by Notepad and the like
        raw = raw[len(_BOM) :]
    if isinstance(raw, bytes) and len(raw) > MAX_DEFINITION_BYTES:
        raise DefinitionError([ErrorItem("$", f"is larger than {MAX_DEFINITION_BYTES} bytes")])
    try:
        if isinstance(raw, bytes):
            definition = msgspec.json.decode(raw, type=Definition)
        else:
            definition = msgspec.convert(raw, type=Definition)
    except msgspec.ValidationError as exc:
        raise DefinitionError(_shape_errors(raw, str(exc))) from None
    except msgspec.DecodeError as exc:
        where = _line_and_column(raw, str(exc)) if isinstance(raw, bytes) else str(exc)
        raise DefinitionError([ErrorItem("$", f"is not valid JSON ({where})")]) from None
    except RecursionError:
        raise DefinitionError([ErrorItem("$", "is nested too deeply")]) from None
    except UnicodeDecodeError as exc:  # msgspec raises it for bad bytes inside a key
        raise DefinitionError([ErrorItem("$", f"is not valid UTF-8 ({exc.reason})")]) from None
    errors = list(_check_references(definition))
    if errors:
        raise DefinitionError(errors)
    return definition


def to_builtins(definition: Definition) -> dict[str, Any]:
    """Plain dicts and lists, defaults omitted: the stored and exported form."""
    return msgspec.to_builtins(definition)


def dump_definition(definition: Definition) -> bytes:
    """Canonical JSON bytes: export -> import -> export is byte-for-byte equal."""
    return canonical_json(to_builtins(definition))


_PATH_SUFFIX = re.compile(r"^(?P<message>.*?)(?: - at `(?P<path>[^`]+)`)?$", re.S)


_CHOICES = {
    r"\$\.roles\[\d+\]\.kind": "signer, approver, cc",
    r"\$\.roles\[\d+\]\.identity": "none, email_code, sms_code, access_code",
    r".*\.prefill\.source": "api, url, sso",
    r"\$\.settings\.signature_policy": "drawn_required, typed_allowed",
    r"\$\.document\[\d+\]\.kind": "heading, paragraph, fields, signature, page_break",
}


_BOM = b"\xef\xbb\xbf"
_AT_BYTE = re.compile(r"\s*\(byte (\d+)\)$")
_MISSING_KEY = re.compile(r"Object missing required field `([^`]*)`")
_UNKNOWN_KEY = re.compile(r"Object contains unknown field `([^`]*)`")


def _shape_errors(raw: bytes | dict[str, Any], first: str) -> list[ErrorItem]:
    """Every shape problem (missing and unknown keys, wrong types), not only the first one
    msgspec met; just that one if the JSON cannot be walked (it stopped before its end)."""
    try:
        value = msgspec.json.decode(raw) if isinstance(raw, bytes) else raw
        found = shape_problems(Definition, value, strict=True)
    except Exception:  # noqa: BLE001 - anything the walk cannot read: msgspec's one problem
        found = []
    return [_from_msgspec(text) for text in found] or [_from_msgspec(first)]


def json_syntax_problem(raw: bytes) -> ErrorItem | None:
    """Why `raw` is not JSON at all (with line and column), or None when it is JSON. The
    typed decode of parse_definition may meet a wrong key before a truncated end."""
    raw = raw.removeprefix(_BOM)
    try:
        msgspec.json.decode(raw)
    except msgspec.DecodeError as exc:
        if big := too_large_number(str(exc), raw):  # `1e400`: JSON, but no number here
            return ErrorItem(big["path"], big["message"])
        return ErrorItem("$", f"is not valid JSON ({_line_and_column(raw, str(exc))})")
    except UnicodeDecodeError as exc:
        return ErrorItem("$", f"is not valid UTF-8 ({exc.reason})")
    except RecursionError:
        return ErrorItem("$", "is nested too deeply")
    return None


def _line_and_column(raw: bytes, text: str) -> str:
    """msgspec's "(byte 2702)" as a person editing the file finds it: line and column."""
    text = text.removeprefix("JSON is malformed: ")
    found = _AT_BYTE.search(text)
    if found is None:
        return text
    offset = int(found.group(1))
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = len(before[before.rfind(b"\n") + 1 :].decode(errors="replace")) + 1
    return f"{text[: found.start()]} at line {line}, column {column}"


_STRUCT_AT: tuple[tuple[re.Pattern[str], tuple[type[msgspec.Struct], ...]], ...] = (
    (re.compile(r"\$"), (Definition,)),
    (re.compile(r"\$\.roles\[\d+\]"), (Role,)),
    (re.compile(r"\$\.sections\[\d+\]"), (Section,)),
    (re.compile(r".*\.fields\[\d+\]"), (Field,)),
    (re.compile(r".*\.options\[\d+\]"), (Option,)),
    (re.compile(r".*\.prefill"), (Prefill,)),
    (re.compile(r"\$\.settings"), (Settings,)),
    (re.compile(r"\$\.document\[\d+\]"), Block.__args__),
)


def _known_keys(path: str) -> set[str]:
    """The keys the object at `path` may have: a key of another part of a definition is no
    suggestion there (a field's `text` was answered "did you mean `text`?")."""
    structs = next((s for pattern, s in _STRUCT_AT if pattern.fullmatch(path)), ())
    keys = {name for struct in structs for name in struct.__struct_fields__}
    return keys | {"kind"} if path.startswith("$.document[") else keys


def _from_msgspec(text: str) -> ErrorItem:
    match = _PATH_SUFFIX.match(text)
    assert match is not None  # the pattern matches any string
    path, message = match["path"] or "$", match["message"]
    missing = _MISSING_KEY.fullmatch(message)
    if missing:  # msgspec names the object: point at the key, as the API's bodies do
        return ErrorItem(f"{path}.{missing.group(1)}", "is required")
    if message.startswith(("Invalid enum value", "Invalid value")):
        for pattern, choices in _CHOICES.items():
            if re.fullmatch(pattern, path):
                message = f"{message}; expected one of: {choices}"
    if path == "$.schema_version" and message.startswith("Invalid enum value "):
        value = message.removeprefix("Invalid enum value ")
        message = (
            f"is {value}, but this formseal reads schema version 1 only: the file was made "
            "by another release of formseal"
        )
    unknown = _UNKNOWN_KEY.match(message)
    if unknown:
        close = difflib.get_close_matches(unknown.group(1), sorted(_known_keys(path)), n=1)
        if close:
            message = f"{message}; did you mean `{close[0]}`?"
    return ErrorItem(path, message)


def check_definition(d: Definition) -> list[ErrorItem]:
    """Every parse-time problem of an already-built Definition (lint starts from these)."""
    return list(_check_references(d))


def _check_references(d: Definition) -> Iterator[ErrorItem]:
    """The rules msgspec cannot express: unique keys, known components, existing roles."""
    yield from _check_roles(d)
    role_keys = {r.key for r in d.roles}
    if not d.sections:
        yield ErrorItem("$.sections", "needs at least one section")
    seen_sections: set[str] = set()
    seen_fields: dict[str, str] = {}
    for si, section in enumerate(d.sections):
        at = f"$.sections[{si}]"
        yield from _check_key(section.key, seen_sections, f"{at}.key", "section")
        if section.role not in role_keys:
            yield ErrorItem(f"{at}.role", f"names role '{section.role}', which is not defined")
        yield from _items(condition_problems(section.visible_if, f"{at}.visible_if"))
        for fi, field in enumerate(section.fields):
            fat = f"{at}.fields[{fi}]"
            if field.key in seen_fields:
                yield ErrorItem(
                    f"{fat}.key", f"'{field.key}' is already used at {seen_fields[field.key]}"
                )
            elif not KEY_PATTERN.match(field.key):
                yield ErrorItem(f"{fat}.key", key_message(field.key))
            seen_fields.setdefault(field.key, f"{fat}.key")
            yield from (ErrorItem(f"{fat}.{sub}", message) for sub, message in check_field(field))
    yield from _check_blocks(d, role_keys, set(seen_fields))


def _check_roles(d: Definition) -> Iterator[ErrorItem]:
    if not d.roles:
        yield ErrorItem("$.roles", "needs at least one role")
    seen: set[str] = set()
    for ri, role in enumerate(d.roles):
        yield from _check_key(role.key, seen, f"$.roles[{ri}].key", "role")
        if role.stage < 1:
            yield ErrorItem(f"$.roles[{ri}].stage", "must be 1 or more")
        yield from _items(condition_problems(role.condition, f"$.roles[{ri}].condition"))


def _check_blocks(d: Definition, roles: set[str], fields: set[str]) -> Iterator[ErrorItem]:
    for bi, block in enumerate(d.document):
        at = f"$.document[{bi}]"
        yield from _items(condition_problems(block.visible_if, f"{at}.visible_if"))
        if isinstance(block, FieldsBlock):
            for ki, key in enumerate(block.fields):
                if key not in fields:
                    yield ErrorItem(
                        f"{at}.fields[{ki}]", f"names field '{key}', which is not defined"
                    )
        elif isinstance(block, SignatureBlock):
            if block.role not in roles:
                yield ErrorItem(f"{at}.role", f"names role '{block.role}', which is not defined")
            if block.field and block.field not in fields:
                yield ErrorItem(f"{at}.field", f"names field '{block.field}', which is not defined")
        elif isinstance(block, Heading) and block.level not in (1, 2, 3):
            yield ErrorItem(f"{at}.level", "must be 1, 2 or 3")


def _check_key(key: str, seen: set[str], path: str, what: str) -> Iterator[ErrorItem]:
    if key in seen:
        yield ErrorItem(path, f"{what} key '{key}' is used twice")
    elif not KEY_PATTERN.match(key):
        yield ErrorItem(path, key_message(key))
    seen.add(key)


def _items(problems: Iterator[tuple[str, str]]) -> Iterator[ErrorItem]:
    return (ErrorItem(path, message) for path, message in problems)
