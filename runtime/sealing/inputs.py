"""Plain, picklable inputs for sealing, so the work can run in a process pool."""

from __future__ import annotations

from dataclasses import dataclass, field

from runtime.branding.brand import Brand


class SealingError(Exception):
    """Sealing cannot go ahead; the message says why in words an operator understands."""


@dataclass(frozen=True)
class SealAttachment:
    """One file a signer uploaded, with its bytes (read through runtime/files.py)."""

    field_label: str
    name: str
    content_type: str
    data: bytes
    sha256: str = ""
    """As recorded at upload; sealing refuses a file whose bytes no longer match it."""


@dataclass(frozen=True)
class SealStage:
    """A finished stage, for its approval signature (``SealInput.stage_signatures``)."""

    number: int
    names: list[str]
    completed_at: str = ""
    """ISO-8601 UTC: when the stage's last recipient finished."""


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
    audit_head: str = ""
    """Hash of the envelope's latest audit event when sealing started (the chain head)."""
    audit_events: int = 0
    """How many audit events the chain held at that moment."""
    attachments: list[SealAttachment] = field(default_factory=list)
    """Signer uploads, in form order: shown after the document and embedded as files."""
    stages: list[SealStage] = field(default_factory=list)
    """Finished stages in order; signed one by one when ``stage_signatures`` is set."""
    stage_signatures: bool = False
    """The template's ``settings.stage_signatures``: one approval signature per stage."""
    stamps: list[dict] = field(default_factory=list)
    """Company stamps applied (field, stamp, sha256, by, at), for the certificate."""
    brand: Brand | None = None
    """The presenting organisation's brand (legal name, logo inlined, colour, footer text)."""
    template_slug: str = ""
    """For the template's own overrides in its theme (runtime/themes.py)."""


@dataclass(frozen=True)
class SealOptions:
    """How a seal is made beyond the key itself: timestamp and long-term validation data."""

    tsa_url: str = ""
    """RFC 3161 timestamp authority; empty means no timestamp (PAdES B-B)."""
    tsa_ca_file: str = ""
    """PEM file with the TSA's CA certificates. Empty: trust the TSA certificates seen when
    sealing (kept in keys_dir/tsa-roots.pem). Set: tokens that do not chain to it are refused."""
    tsa_timeout_seconds: float = 10.0
    """How long the TSA may take to answer."""
    tsa_max_skew_seconds: int = 300
    """Refuse a timestamp whose time is further than this from the server's clock."""
    ltv: bool = True
    """Embed revocation data (DSS, PAdES B-LT) when the sealing certificate names CRL or
    OCSP addresses. The self-signed local CA names none, so its seals stay B-B / B-T."""
    archive_timestamp: bool = True
    """After a B-LT seal, add a document timestamp over everything (PAdES B-LTA)."""
    render_seconds: float = 60.0
    """Time limit for laying out and writing the PDF (document, attachments, certificate);
    past it the rendering stops with a RenderTimeout. 0: no limit."""
