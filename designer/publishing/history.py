"""Version history: every published version of a template, with what changed and who
published it from the designer.

The version rows are read straight from the engine's TemplateVersion table (read-only),
because runtime.templates.service has no list of versions yet.
"""

from dataclasses import dataclass, field
from typing import Any

from designer.drafts import DraftState
from designer.tables import Publication
from runtime.tables import TemplateVersion
from runtime.templates import service as templates


@dataclass
class VersionRow:
    number: int
    sha256: str
    created_at: Any
    published_by: str = ""
    changes: list[str] = field(default_factory=list)


async def versions(state: DraftState) -> list[VersionRow]:
    """Newest first; empty before the first publish."""
    if state.template_id is None:
        return []
    await templates.get_template(state.organisation_id, state.template_id)  # 404 for others
    rows = (
        await TemplateVersion.select(
            TemplateVersion.number, TemplateVersion.sha256, TemplateVersion.created_at
        )
        .where(TemplateVersion.template == state.template_id)
        .order_by(TemplateVersion.number, ascending=False)
    )
    notes = {
        p["version"]: p
        for p in await Publication.select()
        .where(Publication.draft == state.id)
        .output(load_json=True)
    }
    out = []
    for row in rows:
        note = notes.get(row["number"], {})
        out.append(
            VersionRow(
                number=row["number"],
                sha256=row["sha256"],
                created_at=row["created_at"],
                published_by=note.get("published_by", "") or "the API or the command line",
                changes=list(note.get("changes") or []),
            )
        )
    return out
