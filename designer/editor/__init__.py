"""The form editor: palette, canvas of sections and fields, properties, undo and redo."""

from typing import Any


def tab_context(
    tab: str, state: Any, select: str, upload_cap: int | None = None, **extra: Any
) -> dict[str, Any]:
    """The view model of one editor tab (form, document, roles), with the lint count;
    `upload_cap`: the largest file the server takes (designer.editor.upload_limit)."""
    if tab == "document":
        from designer.document.views import workspace_context as document_context

        context = document_context(state, select)
    elif tab == "roles":
        from designer.roles.views import workspace_context as roles_context

        context = roles_context(state, select)
    else:
        from designer.editor.views import workspace_context

        context = workspace_context(state, select, upload_cap=upload_cap)
    return {**context, "check": check(state.definition, upload_cap), **extra, "tab": tab}


def check(definition: dict[str, Any], upload_cap: int | None = None) -> dict[str, int]:
    """How many errors (blocking publishing) and warnings lint finds right now."""
    from designer.publishing.lint import lint

    problems = lint(definition, upload_cap=upload_cap)
    errors = sum(1 for p in problems if p.level == "error")
    return {"errors": errors, "warnings": len(problems) - errors}
