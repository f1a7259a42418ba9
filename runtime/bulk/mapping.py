"""Mapping columns to recipients and prefill fields, and checking every row before sending.

Recipient columns are `<role>.name` and `<role>.email` (also `<role> name`, `<role>_email`,
or the role's display name); with a single role, plain `name` and `email` work too. Any
column named like a field's key or label prefills that field: any field through the API (as
an envelope's `prefill` may), only the sender's fields on the designer's screens (`targets`).
"""

import re
from dataclasses import dataclass, field
from typing import Any

from components import Definition
from components.definition import Field, Role
from runtime.envelopes.schemas import EnvelopeCreate, RecipientIn
from runtime.envelopes.service import check_request
from runtime.errors import Invalid


def _people(definition: Definition) -> list[Role]:
    """The roles a file names people for: an organisation role is played by the organisation
    itself (its company stamp), so no column gives it a name or an email."""
    return [r for r in definition.roles if not r.organisation]


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


@dataclass
class Mapping:
    recipients: dict[str, dict[str, str]] = field(default_factory=dict)
    prefill: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"recipients": self.recipients, "prefill": self.prefill, "ignored": self.ignored}


def map_columns(
    definition: Definition, headers: list[str], targets: list[Field] | None = None
) -> Mapping:
    """A first mapping guessed from the column names; only `targets` (default: every field
    that may be prefilled) may be prefilled."""
    fields = definition.prefillable_fields() if targets is None else targets
    mapping = Mapping()
    people = _people(definition)
    single = len(people) == 1
    for header in headers:
        key = _norm(header)
        target = None
        for role in people:
            for part in ("name", "email"):
                names = {_norm(f"{role.key}{part}"), _norm(f"{role.name}{part}")}
                if single:
                    names.add(part)
                if key in names:
                    target = (role.key, part)
        if target:
            mapping.recipients.setdefault(target[0], {})[target[1]] = header
            continue
        matched = next((f.key for f in fields if key in (_norm(f.key), _norm(f.label))), None)
        if matched and matched not in mapping.prefill:
            mapping.prefill[matched] = header
        else:
            mapping.ignored.append(header)
    return mapping


def mapping_from_choices(
    definition: Definition, headers: list[str], choices: dict[str, str], targets: list[Field]
) -> Mapping:
    """A mapping chosen by a person: `<role>.name`, `<role>.email` and `prefill.<field>` (for
    the `targets` only) name a column each (empty: not mapped); a column that is not in the
    file is refused."""
    mapping = Mapping()
    used: set[str] = set()

    def column(key: str) -> str:
        value = choices.get(key, "")
        if value and value not in headers:
            raise Invalid(f"The file has no column named '{value}'.")
        if value:
            used.add(value)
        return value

    for role in _people(definition):
        for part in ("name", "email"):
            chosen = column(f"{role.key}.{part}")
            if chosen:
                mapping.recipients.setdefault(role.key, {})[part] = chosen
    for f in targets:
        chosen = column(f"prefill.{f.key}")
        if chosen:
            mapping.prefill[f.key] = chosen
    mapping.ignored = [h for h in headers if h not in used]
    return mapping


def mapping_from_dict(data: dict[str, Any], targets: list[Field]) -> Mapping:
    """A stored mapping, prefilling only `targets`: the template may have been published again,
    with other prefill settings, since the mapping was made."""
    keys = {f.key for f in targets}
    recipients = {k: dict(v) for k, v in data.get("recipients", {}).items()}
    prefill = {k: column for k, column in data.get("prefill", {}).items() if k in keys}
    used = {c for columns in recipients.values() for c in columns.values()} | set(prefill.values())
    dropped = [c for k, c in data.get("prefill", {}).items() if k not in keys and c not in used]
    ignored = list(data.get("ignored", []))
    return Mapping(recipients, prefill, ignored + [c for c in dropped if c not in ignored])


def missing_columns(definition: Definition, mapping: Mapping) -> list[str]:
    """`<role>.<part>` for every recipient column a required role still lacks."""
    return [
        f"{role.key}.{part}"
        for role in _people(definition)
        if role.kind != "cc" and role.condition is None
        for part in ("name", "email")
        if part not in mapping.recipients.get(role.key, {})
    ]


def build_requests(
    definition: Definition,
    template_id: str,
    mapping: Mapping,
    rows: list[dict[str, str]],
    options: dict[str, Any],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(envelope requests as plain dicts, row errors); row numbers count the header as row 1."""
    requests, errors = [], []
    # a cc or conditional role left empty on a row simply has nobody on that row
    optional = {r.key for r in definition.roles if r.kind == "cc" or r.condition is not None}
    for index, row in enumerate(rows):
        number = index + 2
        recipients = [
            RecipientIn(
                role=role,
                name=row.get(cols.get("name", ""), ""),
                email=row.get(cols.get("email", ""), ""),
            )
            for role, cols in mapping.recipients.items()
            if role not in optional
            or row.get(cols.get("name", ""), "")
            or row.get(cols.get("email", ""), "")
        ]
        prefill = {key: row[col] for key, col in mapping.prefill.items() if row.get(col, "") != ""}
        request = EnvelopeCreate(
            template_id=template_id,  # type: ignore[arg-type]
            recipients=recipients,
            prefill=prefill,
            message=options.get("message", ""),
            expires_in_days=options.get("expires_in_days"),
        )
        empty = _empty_cells(definition, recipients)
        found = [{"path": p, "message": m} for p, m in empty.items()]
        try:
            check_request(definition, request)
        except Invalid as exc:
            found += [
                e
                for e in exc.extra.get("errors", [{"path": "$", "message": exc.detail}])
                if e["path"] not in empty
            ]
        if found:
            for e in found:
                errors.append(
                    {
                        "row": number,
                        "column": _column(e["path"], mapping, recipients),
                        "message": _worded(e, recipients),
                    }
                )
            continue
        requests.append(
            {"row": number, "recipients": [_plain(r) for r in recipients], "prefill": prefill}
        )
    return requests, errors


def _empty_cells(definition: Definition, recipients: list[RecipientIn]) -> dict[str, str]:
    """Path -> what to type, for each empty name or email of a person on the row: every
    link of a bulk send is mailed, so a person without an email would never be invited."""
    found = {}
    for i, r in enumerate(recipients):
        role = definition.role(r.role)
        who = role.name if role is not None else r.role
        if not r.name.strip():
            found[f"$.recipients[{i}].name"] = f"Empty: enter a full name for {who}"
        if not r.email.strip():
            found[f"$.recipients[{i}].email"] = (
                f"Empty: enter an email address for {who} (their link is mailed there)"
            )
    return found


def _worded(error: dict[str, str], recipients: list[RecipientIn]) -> str:
    """An email the engine refused shows what the cell holds, so it can be found and fixed."""
    match = re.fullmatch(r"\$\.recipients\[(\d+)\]\.email", error["path"])
    if match and int(match.group(1)) < len(recipients):
        value = recipients[int(match.group(1))].email.strip()
        if value:
            return f"“{value}” is not an email address: write it like name@example.com"
    return error["message"]


def _plain(recipient: RecipientIn) -> dict[str, str]:
    return {"role": recipient.role, "name": recipient.name, "email": recipient.email}


def _column(path: str, mapping: Mapping, recipients: list[RecipientIn]) -> str:
    match = re.match(r"\$\.prefill\.(\w+)", path)
    if match:
        return mapping.prefill.get(match.group(1), "")
    match = re.match(r"\$\.recipients\[(\d+)\]\.(name|email)", path)
    if match and int(match.group(1)) < len(recipients):
        role = recipients[int(match.group(1))].role
        return mapping.recipients.get(role, {}).get(match.group(2), "")
    return ""
