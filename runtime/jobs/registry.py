"""Job kinds that live outside runtime/ (the designer's invitation mails).

`runtime/` never imports `designer/` (docs/architecture.md), so the designer registers its
own job kinds here when it is imported: the worker looks a kind up in its own table first,
then in EXTRA_HANDLERS; the Problems page (runtime/jobs/problems.py) asks PROBLEM_OWNERS
whose a failed job of such a kind is and what to call it.
"""

import uuid
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

from runtime.settings import Settings

Handler = Callable[[Settings, dict[str, Any], Executor | None], Awaitable[None]]
EXTRA_HANDLERS: dict[str, Handler] = {}


@dataclass(frozen=True)
class Owned:
    """Whose a job is, and the Problems row's words for it."""

    organisation_id: uuid.UUID
    what: str
    """"Invitation to join Acme sent to ana@example.com"."""
    mail: bool = True
    """It sends a mail: its failure is worded as the mail server's answer."""


OwnerLookup = Callable[[list[dict[str, Any]]], Awaitable[dict[int, Owned]]]
"""Jobs of one kind (rows of `job`) -> job id -> Owned. A job left out is not listed: its
row is gone, or nothing would come of running it again (a link used or expired)."""
PROBLEM_OWNERS: dict[str, OwnerLookup] = {}


def register_handler(kind: str, handler: Handler) -> None:
    EXTRA_HANDLERS[kind] = handler


def register_problem_owners(kind: str, lookup: OwnerLookup) -> None:
    PROBLEM_OWNERS[kind] = lookup
