"""The form editor: palette, canvas of sections and fields, properties, undo and redo."""

from typing import Any


def tab_context(tab: str, state: Any, select: str, **extra: Any) -> dict[str, Any]:
    """The view model of one editor tab (form, document, roles)."""
    if tab == "document":
        from designer.document.views import workspace_context as document_context

        return {**document_context(state, select), **extra, "tab": tab}
    if tab == "roles":
        from designer.roles.views import workspace_context as roles_context

        return {**roles_context(state, select), **extra, "tab": tab}
    from designer.editor.views import workspace_context

    return {**workspace_context(state, select), **extra, "tab": tab}
