"""Plain, picklable inputs for sealing, so the work can run in a process pool."""

from __future__ import annotations

from dataclasses import dataclass, field


class SealingError(Exception):
    """Sealing cannot go ahead; the message says why in words an operator understands."""


@dataclass(frozen=True)
class SealInput:
    """Everything needed to render and seal one envelope; no database handles."""

    envelope_id: str
    template_name: str
    template_version: int
    version_sha256: str
    language: str
    blocks: list[dict] = field(default_factory=list)
    recipients: list[dict] = field(default_factory=list)
    answers: dict = field(default_factory=dict)
    verify_url: str = ""
    organisation_name: str = "formseal"
