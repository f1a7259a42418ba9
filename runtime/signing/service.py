"""The signer's side of an envelope: open a link, fill steps, finish.

The server is the authority: every step is validated here, a recipient may only touch
the fields of their own role, and only while their stage is open.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from components import Definition, Field, Section, get_component
from components.visibility import resolve, strip_hidden, validate_answers, visible_keys
from runtime.branding.brand import Brand
from runtime.clock import utcnow
from runtime.database import transaction
from runtime.envelopes.routing import advance, stage_is_open
from runtime.envelopes.states import (
    ENVELOPE_FINAL,
    move_recipient,
    try_move_envelope,
)
from runtime.errors import Conflict, Gone, Invalid
from runtime.i18n import N_
from runtime.i18n import gettext as _
from runtime.signing import defaults
from runtime.signing.cleaning import best_effort
from runtime.signing.drafts import DraftChanged, store_draft, typed_values
from runtime.tables import Envelope, Recipient
from runtime.themes import ThemeChoice

CLOSED = {
    "declined": N_("This document was declined; it can no longer be signed."),
    "expired": N_("This document has expired; it can no longer be signed."),
    "voided": N_("The sender voided this document; it can no longer be signed."),
}


@dataclass
class SigningContext:
    """Everything a signer page needs, loaded once per request."""

    recipient: dict[str, Any]
    envelope: dict[str, Any]
    definition: Definition
    organisation_name: str
    sections: list[Section] = field(default_factory=list)
    consent_text: str = ""
    """The organisation's own consent wording; empty: the theme's default."""
    brand: Brand | None = None
    """The brand of the organisation the envelope presents (runtime/branding)."""
    theme_choice: ThemeChoice | None = None
    """The theme and template whose overrides the pages use (runtime/themes.py)."""
    upload_cap: int | None = None
    """The largest file the server takes in one request (FORMSEAL_MAX_UPLOAD_BYTES less
    room for the form around it), set per request; None: only the fields' own limits."""
    upload_room: tuple[int, int] | None = None
    """(files the signer may still upload, FORMSEAL_SIGNER_ATTACHMENT_MAX_FILES) when their
    steps take files (runtime/signing/uploads.py upload_room); None: not counted."""
    _visible: tuple[tuple[Any, ...], set[str]] | None = field(default=None, repr=False)
    """The visible field keys worked out with the sections, and the answer dicts they came
    from (see `visible_field_keys`)."""

    @property
    def finished(self) -> bool:
        return self.recipient["status"] == "completed"

    @property
    def answers(self) -> dict[str, Any]:
        return self.recipient["answers"]

    @property
    def draft(self) -> dict[str, Any]:
        """Values typed but not yet accepted by Continue (autosaved, never judged)."""
        draft = self.recipient.get("draft")
        return draft if isinstance(draft, dict) else {}

    @property
    def identity(self) -> str:
        """The role's identity check ("none" in an SSO embed); a cc is asked it to download."""
        role = self.definition.role(self.recipient["role"])
        if role is None or self.recipient["embed_origin"]:
            return "none"
        return role.identity

    @property
    def signature_policy(self) -> str:
        return self.definition.settings.signature_policy

    @property
    def owner(self) -> str:
        """How files uploaded by this recipient are marked in StoredFile.owner."""
        return f"recipient:{self.recipient['id']}"

    @property
    def data(self) -> dict[str, Any]:
        """Everything known so far: earlier parties' answers, prefill, then this signer's."""
        return {**self.envelope["answers"], **self.envelope["prefill"], **self.recipient["answers"]}

    @cached_property
    def own_keys(self) -> frozenset[str]:
        """The keys of this recipient's role's fields (definition and role never change
        within a request, and an autosave asks a dozen times)."""
        return frozenset(
            {f.key for s in self.definition.sections_for(self.recipient["role"]) for f in s.fields}
        )

    @cached_property
    def fields_by_key(self) -> dict[str, Field]:
        """Fields by key, the first of each as Definition.field finds it (which walks every
        step, for each of the twenty or so look-ups of an autosave)."""
        return {f.key: f for _section, f in reversed(list(self.definition.fields()))}

    def preview_data(self, raw: dict[str, Any] | None = None) -> dict[str, Any]:
        """What conditions see while the signer types: stored answers, then drafts and the
        values just posted, each cleaned as far as it can be (unreadable values count as
        missing)."""
        typed = {k: v for k, v in {**self.draft, **(raw or {})}.items() if k in self.own_keys}
        return {**self.data, **best_effort(self.definition, typed, self.fields_by_key)}

    def refresh_sections(self, raw: dict[str, Any] | None = None) -> None:
        """The visible steps for the answers so far (approvers and cc fill in nothing)."""
        if self.recipient["kind"] != "signer":
            self.sections = []
            return
        resolved = resolve(self.definition, self.preview_data(raw))
        role = self.recipient["role"]
        self.sections = [
            s for s in self.definition.sections_for(role) if s.key in resolved.sections
        ]
        self._visible = None if raw else (self._sources(), resolved.fields)

    def _sources(self) -> tuple[Any, ...]:
        """The dicts the conditions read; each change to them stores a new dict."""
        return (
            self.recipient.get("draft"),
            self.recipient["answers"],
            self.envelope["answers"],
            self.envelope["prefill"],
        )

    @property
    def role_name(self) -> str:
        role = self.definition.role(self.recipient["role"])
        return role.name if role else self.recipient["role"]

    @property
    def is_approver(self) -> bool:
        return self.recipient["kind"] == "approver"

    def locked(self, key: str) -> bool:
        f = self.fields_by_key.get(key)
        return bool(f and f.prefill and f.prefill.lock and key in self.envelope["prefill"])


async def ensure_can_act(ctx: SigningContext) -> None:
    """Refuse actions on finished, closed or not-yet-open envelopes (checked on the server)."""
    status = ctx.envelope["status"]
    if status in ENVELOPE_FINAL and status != "completed":
        raise Gone(_(CLOSED.get(status, CLOSED["voided"])))
    if _past_expiry(ctx.envelope.get("expires_at")):  # its expire job may not have run yet
        closed = CLOSED["expired"]  # not _(CLOSED["expired"]): pybabel would extract "expired"
        raise Gone(_(closed))
    if ctx.finished or status == "completed":
        raise Conflict(_("You have already finished this document."))
    if ctx.recipient["status"] == "declined":
        raise Gone(_("You declined this document."))
    if ctx.recipient["status"] == "skipped" or ctx.recipient["kind"] == "cc":
        raise Gone(_("Nothing is needed from you for this document."))
    if ctx.recipient["status"] == "pending" or not (
        _in_first_stage(ctx) or await stage_is_open(ctx.recipient)
    ):
        raise Conflict(
            _("Someone else signs before you. You will get a message when it is your turn."),
            heading=_("It is not your turn yet"),
        )


def _past_expiry(expires_at: Any) -> bool:
    """The envelope's expiry time has come: closed to signers from that moment, whenever the
    worker gets to its `expire` job (from the loaded row: no query)."""
    if not isinstance(expires_at, dt.datetime):
        return False
    if expires_at.tzinfo is None:
        expires_at = expires_at.replace(tzinfo=dt.UTC)
    return expires_at <= utcnow()


def _in_first_stage(ctx: SigningContext) -> bool:
    """No stage comes before this recipient's: every recipient's stage is its role's stage in
    the envelope's (immutable) definition, so no earlier recipient can exist and the query
    of `stage_is_open` would count none."""
    return ctx.recipient["stage"] <= min((r.stage for r in ctx.definition.roles), default=0)


async def mark_viewed(ctx: SigningContext, ip: str, user_agent: str) -> None:
    """The first visit: recipient viewed, envelope in progress (each exactly once)."""
    if ctx.recipient["status"] in ("notified",):
        async with transaction():
            try:
                await move_recipient(
                    ctx.recipient,
                    ctx.envelope["organisation"],
                    "viewed",
                    ip=ip,
                    user_agent=user_agent,
                )
            except Conflict:
                return
            await try_move_envelope(
                ctx.envelope, "in_progress", actor=ctx.recipient["email"], ip=ip
            )
        ctx.recipient["status"] = "viewed"


def read_section(ctx: SigningContext, section: Section, form: Any) -> dict[str, Any]:
    """The raw values posted for one step; locked prefilled fields keep their value, and
    attachments are the files uploaded so far (kept by the server, never posted)."""
    raw: dict[str, Any] = {}
    for f in section.fields:
        component = get_component(f.component)
        assert component is not None
        if not component.holds_value:
            continue
        if ctx.locked(f.key):
            raw[f.key] = ctx.envelope["prefill"][f.key]
        elif f.component == "attachment":
            raw[f.key] = attached_files(ctx, f.key)
        else:
            raw[f.key] = component.read(form, f.key)
    return raw


def attached_files(ctx: SigningContext, key: str) -> list[dict[str, Any]]:
    """The files of an attachment request as the signer left them (draft first)."""
    value = ctx.draft.get(key, ctx.answers.get(key))
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def visible_field_keys(ctx: SigningContext, raw: dict[str, Any] | None = None) -> set[str]:
    """The fields shown right now, judged on the answers and what was just typed.

    Without new values this is what `refresh_sections` already worked out, as long as the
    answers it read are still the same objects (they are replaced, never changed in place):
    a step page then evaluates the conditions once, not twice."""
    if not raw and ctx._visible is not None:
        sources, keys = ctx._visible
        if all(a is b for a, b in zip(sources, ctx._sources(), strict=True)):
            return set(keys)
    return visible_keys(ctx.definition, ctx.preview_data(raw))


async def save_draft(ctx: SigningContext, index: int, form: Any) -> dict[str, Any]:
    """Autosave: keep what was typed on a step as it is, valid or not, without judging it.
    Continue still validates. Returns the raw values."""
    await ensure_can_act(ctx)
    raw = read_section(ctx, ctx.sections[index], form)
    await save_draft_values(ctx, defaults.on_page(raw, form))
    return raw


async def save_draft_values(
    ctx: SigningContext, raw: dict[str, Any], notes: dict[str, Any] | None = None
) -> None:
    """Keep raw values of this signer's fields as the draft (locked prefill excepted), with
    `notes` for the page shown next (drafts.NOTES)."""
    await ensure_can_act(ctx)
    await store_draft(ctx, {**ctx.draft, **typed_values(ctx, raw)}, notes)
    ctx.refresh_sections()


def policy_errors(ctx: SigningContext, keys: set[str], values: dict[str, Any]) -> dict[str, str]:
    """A template that asks for a handwritten signature refuses typed ones (on the server)."""
    if ctx.signature_policy != "drawn_required":
        return {}
    errors = {}
    for key in keys:
        f = ctx.definition.field(key)
        value = values.get(key)
        signs = f is not None and f.component in ("signature", "initials")
        if signs and isinstance(value, dict) and value.get("kind") == "typed":
            errors[key] = _(
                "Draw your signature in the box, or upload a picture of it: a typed name "
                "is not accepted for this document"
            )
    return errors


async def save_step(ctx: SigningContext, index: int, form: Any) -> tuple[dict, dict]:
    """Validate and store one step on the server's own terms: visibility is evaluated again,
    hidden fields' values are discarded and `required` applies to visible fields only.
    Valid values are kept even when others fail; what was typed stays in the draft until
    it is accepted. Returns (raw values, errors by key)."""
    await ensure_can_act(ctx)
    section = ctx.sections[index]
    raw = read_section(ctx, section, form)
    keys = {f.key for f in section.fields}
    stored, errors = validate_answers(ctx.definition, {**ctx.data, **raw}, keys=keys)
    refused = policy_errors(ctx, keys, stored)
    errors.update(refused)
    answers = {k: v for k, v in stored.items() if k in ctx.own_keys and k not in refused}
    answers.update(_emptied_prefill(ctx, keys, raw, answers))
    if errors:
        typed = defaults.on_page(raw, form)
        draft = {**ctx.draft, **typed_values(ctx, typed)}
    else:
        draft = {k: v for k, v in ctx.draft.items() if k not in keys}
        draft.update(defaults.cleared(ctx, section, defaults.on_page(raw, form), answers))
    step = index + 1 if not errors else index
    version = ctx.recipient.get("draft_version") or 0
    stored_now = await (
        Recipient.update(
            {
                Recipient.answers: answers,
                Recipient.draft: {k: v for k, v in draft.items() if k in ctx.own_keys},
                Recipient.draft_version: Recipient.draft_version + 1,
                Recipient.current_step: max(ctx.recipient["current_step"], step),
            }
        )
        .where((Recipient.id == ctx.recipient["id"]) & (Recipient.draft_version == version))
        .returning(Recipient.id)
    )
    if not stored_now:  # an autosave of this step landed meanwhile (runtime/signing/drafts)
        raise DraftChanged
    ctx.recipient["answers"] = answers
    ctx.recipient["draft"] = draft
    ctx.recipient["draft_version"] = version + 1
    ctx.refresh_sections()
    return raw, errors


def _emptied_prefill(
    ctx: SigningContext, keys: set[str], raw: dict[str, Any], answers: dict[str, Any]
) -> dict[str, str]:
    """Prefilled fields of this step that the signer emptied (they may change them): a ""
    answer each, or the sender's value would come back from the envelope's prefill on the
    review, in the answers and in the sealed document."""
    prefill = ctx.envelope["prefill"]
    emptied = [
        k
        for k in keys & ctx.own_keys
        if k in prefill and k in raw and k not in answers and not ctx.locked(k)
    ]
    if not emptied:
        return {}
    shown = visible_keys(ctx.definition, {**ctx.data, **answers})
    return {k: "" for k in emptied if k in shown and raw[k] in ("", None, [])}


def next_step_after(ctx: SigningContext, section_key: str) -> int | None:
    """The 1-based number of the visible step after `section_key`, or None for the review."""
    keys = [s.key for s in ctx.sections]
    if section_key not in keys:
        return None
    position = keys.index(section_key) + 1
    return position + 1 if position < len(keys) else None


def first_incomplete_step(ctx: SigningContext) -> tuple[int, dict[str, str]] | None:
    """Re-validate every visible step from stored answers; the first with errors, or None."""
    keys = {f.key for s in ctx.sections for f in s.fields}
    stored, errors = validate_answers(ctx.definition, ctx.data, keys=keys)
    errors.update(policy_errors(ctx, keys, stored))
    if not errors:
        return None
    for index, section in enumerate(ctx.sections):
        own = {f.key for f in section.fields}
        found = {k: m for k, m in errors.items() if k.split("[", 1)[0] in own}
        if found:
            return index, found
    return None


async def finish(ctx: SigningContext, ip: str, user_agent: str) -> None:
    """Complete this recipient, then let routing open the next stage or queue the seal."""
    await ensure_can_act(ctx)
    if first_incomplete_step(ctx) is not None:
        raise Invalid(_("Some answers are missing. Go back and complete every step."))
    own_keys = ctx.own_keys
    async with transaction():
        envelope = (
            await Envelope.select(Envelope.answers)
            .where(Envelope.id == ctx.envelope["id"])
            .output(load_json=True)
            .first()
        )
        assert envelope is not None
        merged = {**envelope["answers"], **{k: v for k, v in ctx.answers.items() if k in own_keys}}
        merged = strip_hidden(ctx.definition, {**ctx.envelope["prefill"], **merged})
        await Envelope.update({Envelope.answers: merged}).where(Envelope.id == ctx.envelope["id"])
        # answers first: the `recipient.completed` webhook carries the envelope as it is now
        await move_recipient(
            ctx.recipient, ctx.envelope["organisation"], "completed", ip=ip, user_agent=user_agent
        )
    ctx.recipient["status"] = "completed"
    ctx.recipient["completed_at"] = utcnow()
    await advance(ctx.envelope["id"])
