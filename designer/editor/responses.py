"""Answers of the editor: the whole workspace, or only what a property change touched.

Every answer to a change carries `HX-Trigger: fs-saved` with the new revision and whether
undo/redo are possible; designer-saving.js keeps the status line and buttons in step with it.
"""

import json
import uuid
from typing import Any

from litestar import Request
from litestar.response import Template

from designer.accounts import CurrentUser
from designer.drafts import DraftState
from designer.editor import views
from designer.editor.upload_limit import server_cap
from designer.web import is_htmx, page, partial

TABS = {
    "form": ("editor.html", "_form_workspace.html"),
    "document": ("document.html", "_document_workspace.html"),
    "roles": ("roles.html", "_roles_workspace.html"),
}


def saved_headers(state: DraftState) -> dict[str, str]:
    event = {
        "fs-saved": {
            "revision": state.revision,
            "undo": state.can_undo,
            "redo": state.can_redo,
            "unpublished": state.has_unpublished_changes,
        }
    }
    return {"HX-Trigger": json.dumps(event)}


def revision_of(request: Request) -> int | None:
    raw = request.headers.get("x-draft-revision", "")
    return int(raw) if raw.isdigit() else None


def workspace(
    request: Request,
    user: CurrentUser,
    state: DraftState,
    select: str = "template",
    tab: str = "form",
    **extra: Any,
) -> Template:
    """The tab's full page, or (htmx) its workspace with the saved-state trigger and the
    bar's badges (the draft's state, the problems left to fix) as they are now."""
    from designer.editor import tab_context

    context = tab_context(tab, state, select, server_cap(request), **extra)
    page_name, partial_name = TABS[tab]
    if is_htmx(request):
        return partial(
            "_workspace_saved.html",
            headers=saved_headers(state),
            user=user,
            workspace_partial=partial_name,
            **context,
        )
    return page(page_name, user, **context)


def saved_elsewhere(
    request: Request, state: DraftState, tab: str, changed: str, shown: str
) -> Template:
    """The answer to a panel's change (`changed`, the item as it is named now) that Retry
    sent again after the author had chosen another item (`shown`): the canvas and the bar
    redrawn around the item shown, whose panel stays, or is drawn again when it is the item
    changed (partials/designer/_saved_elsewhere.html)."""
    from designer.editor import tab_context

    tab = tab if tab in TABS else "form"
    context = tab_context(tab, state, shown, server_cap(request))
    return partial(
        "_saved_elsewhere.html",
        headers=saved_headers(state),
        redraw_panel=context["props"]["select"] == changed,
        **context,
    )


def base_url(draft_id: uuid.UUID) -> str:
    return f"/designer/templates/{draft_id}"


__all__ = ["views", "workspace", "saved_headers", "saved_elsewhere", "revision_of", "base_url"]
