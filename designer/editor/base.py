"""The base of every controller that edits one draft: its path, and the one way a change
is applied (through editor.service, with the revision the page was built on)."""

import uuid
from typing import Any

from litestar import Controller, Request

from designer import drafts
from designer.accounts import CurrentUser, requires_role
from designer.editor import service
from designer.editor.responses import revision_of


class DraftController(Controller):
    path = "/templates/{draft_id:uuid}"
    include_in_schema = False
    guards = [requires_role("author", reads=True)]

    async def _change(
        self, request: Request, user: CurrentUser, draft_id: uuid.UUID, edit: Any, summary: str
    ) -> tuple[drafts.DraftState, Any]:
        return await service.change(
            user.organisation_id,
            draft_id,
            edit,
            actor=user.email,
            summary=summary,
            revision=revision_of(request),
        )
