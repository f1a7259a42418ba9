"""What failed in an organisation's background work, and trying it again once.

Every list and look-up reads only the organisation's own jobs (`job.organisation`, set by
whoever queued the job; index `job_organisation_status`), so what other organisations'
work does never hides a problem nor slows the page; a job of another organisation, or of
none (the retention purge), is simply not found. The rows its payload points at (an
envelope, a recipient, a webhook delivery, a bulk send) give its words and must be the
organisation's too, as runtime/jobs/stuck.py checks for seals. Job kinds the designer adds
(its invitation mails) are described by the look-up it registers
(runtime/jobs/registry.py PROBLEM_OWNERS).
What the Problems page (/designer/settings/problems) shows, failed and late seals included
(the former Failed seals page; `formseal seals` lists those for operators).
"""

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from runtime.clock import iso, utcnow
from runtime.database import transaction
from runtime.errors import NotFound
from runtime.jobs import problem_words
from runtime.jobs.problem_audit import record_retry
from runtime.jobs.queue import restart_failed
from runtime.jobs.registry import PROBLEM_OWNERS, Owned
from runtime.jobs.stuck import KINDS as SEAL_KINDS
from runtime.jobs.stuck import PENDING_TOO_LONG, retry_envelope
from runtime.tables import BulkSend, Envelope, Job, Recipient, WebhookDelivery

KEPT = dt.timedelta(days=30)
"""A failure older than this has been dealt with or no longer matters: not listed. A
failed seal or company stamp is listed for as long as its envelope is not sealed."""
SCANNED = 1000
"""The newest problem jobs of the organisation looked at (its own only)."""
LINK_MAILS = ("invitation", "reminder", "expiry_warning")
RETRYABLE_KINDS = ("mail", "webhook", "seal", "auto_sign", "bulk_send")
OUTCOMES = {
    "queued": "queued again; it runs as soon as a job worker takes it.",
    "already": "already queued again; it runs as soon as a job worker takes it.",
    "stamp": "the company stamp will be applied again now, then the envelope is sealed.",
    "sealed": "the envelope is already sealed; nothing to retry.",
    "nothing": "nothing to retry: someone still has to sign before it can be sealed.",
}
"""What a retry did, after the row's name: "Sealing for “NDA”: queued again; …"."""


@dataclass(frozen=True)
class Problem:
    job_id: int
    kind: str
    what: str
    state: str
    """failed (gave up), retrying (failed, will try again), queued (due now, waiting for a
    worker) or slow (waiting too long)."""
    reason: str
    attempts: int
    max_attempts: int
    when: str
    """When it failed for good, when it was queued again (state queued), or (still to run)
    when it was first queued; ISO, UTC."""
    next_run_at: str | None
    """When the next automatic attempt is due (retrying or waiting), ISO, UTC."""
    envelope_id: uuid.UUID | None
    document: str
    webhooks: bool
    """A webhook delivery: its endpoint's delivery log is on the Webhooks page."""
    bulk_send_id: uuid.UUID | None
    queued_again: bool = False
    """It had failed and is due again ("Try again", or its own retry time): `when` is then
    the time it was queued again, shown as such."""

    @property
    def can_retry(self) -> bool:
        retryable = self.kind in RETRYABLE_KINDS or self.kind in PROBLEM_OWNERS
        return self.state in ("failed", "retrying", "queued") and retryable

    @property
    def is_seal(self) -> bool:
        """A seal or company stamp: what `?show=seals` (and the failed-seal mail) lists."""
        return self.kind in SEAL_KINDS


def _problem_where(now: dt.datetime) -> Any:
    recent = (Job.finished_at > now - KEPT) | Job.finished_at.is_null()
    recent |= Job.kind.is_in(list(SEAL_KINDS))  # unsealed is a problem however old
    failed = (Job.status == "failed") & recent
    retrying = (Job.status == "queued") & (Job.last_error != "")
    slow = Job.status.is_in(["queued", "running"]) & (Job.run_after < now - PENDING_TOO_LONG)
    return failed | retrying | slow


def _state(job: dict[str, Any], now: dt.datetime) -> str:
    """queued: "Try again" (or its own time) made a failed job due; it waits for a worker."""
    if job["status"] == "failed":
        return "failed"
    if not job["last_error"] or job["run_after"] < now - PENDING_TOO_LONG:
        return "slow"
    return "queued" if job["status"] == "queued" and job["run_after"] <= now else "retrying"


def _queued_again(job: dict[str, Any], state: str) -> bool:
    """Failed before and due again now: waiting for a worker, for a while or too long."""
    return state in ("queued", "slow") and job["status"] == "queued" and bool(job["last_error"])


def _when(job: dict[str, Any], state: str) -> Any:
    """Gave up: when it failed for good. Queued again: when it was made due again ("Try
    again", or its own retry time), not when it was first queued a day before."""
    if state == "failed":
        return job["finished_at"]
    return job["run_after"] if _queued_again(job, state) else job["created_at"]


def _id(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


class _Owners:
    """The rows a batch of one organisation's jobs points at, each fetched once, with their
    organisation."""

    def __init__(self, organisation_id: uuid.UUID) -> None:
        self.organisation_id = organisation_id
        self.envelopes: dict[uuid.UUID, dict[str, Any]] = {}
        self.recipients: dict[uuid.UUID, dict[str, Any]] = {}
        self.deliveries: dict[uuid.UUID, dict[str, Any]] = {}
        self.bulk: dict[uuid.UUID, uuid.UUID] = {}
        self.registered: dict[int, Owned] = {}
        """job id -> whose it is, for the kinds the designer registered."""
        self.invited_again: dict[uuid.UUID, int] = {}
        """recipient -> the newest invitation queued by hand (a corrected address, a new
        link): a link mail that failed before it is no longer a problem."""

    async def load(self, jobs: list[dict[str, Any]]) -> None:
        def ids(key: str) -> list[uuid.UUID]:
            found = (_id((j["payload"] or {}).get(key)) for j in jobs)
            return list({i for i in found if i is not None})

        for kind, lookup in PROBLEM_OWNERS.items():
            if of_kind := [j for j in jobs if j["kind"] == kind]:
                self.registered.update(await lookup(of_kind))
        if wanted := ids("recipient_id"):
            for r in await Recipient.select(
                Recipient.id, Recipient.envelope, Recipient.email, Recipient.status
            ).where(Recipient.id.is_in(wanted)):
                self.recipients[r["id"]] = r
            await self._load_invited_again(min(j["id"] for j in jobs))
        if wanted := ids("delivery_id"):
            for d in await (
                WebhookDelivery.select(
                    WebhookDelivery.id,
                    WebhookDelivery.event_type,
                    WebhookDelivery.last_error,
                    WebhookDelivery.payload,
                    WebhookDelivery.endpoint.url.as_alias("url"),  # type: ignore[attr-defined]
                    WebhookDelivery.endpoint.organisation.as_alias("organisation"),  # type: ignore[attr-defined]
                )
                .where(WebhookDelivery.id.is_in(wanted))
                .output(load_json=True)
            ):
                self.deliveries[d["id"]] = d
        if wanted := ids("bulk_send_id"):
            for b in await BulkSend.select(BulkSend.id, BulkSend.organisation).where(
                BulkSend.id.is_in(wanted)
            ):
                self.bulk[b["id"]] = b["organisation"]
        envelope_ids = set(ids("envelope_id")) | {r["envelope"] for r in self.recipients.values()}
        envelope_ids |= {i for d in self.deliveries.values() if (i := _delivery_envelope(d))}
        if envelope_ids:
            for e in await Envelope.select(
                Envelope.id,
                Envelope.organisation,
                Envelope.sealed_file,
                Envelope.template_version.template.name.as_alias("document"),  # type: ignore[attr-defined,union-attr]
            ).where(Envelope.id.is_in(list(envelope_ids))):
                self.envelopes[e["id"]] = e

    async def _load_invited_again(self, since: int) -> None:
        by_hand = Job.dedupe_key.like("corrected:%") | Job.dedupe_key.like("resend:%")
        mine = Job.organisation == self.organisation_id
        for j in await Job.select(Job.id, Job.dedupe_key).where(
            mine & (Job.kind == "mail") & (Job.id > since) & by_hand
        ):
            rid = _id(j["dedupe_key"].split(":")[1])
            if rid is not None:
                self.invited_again[rid] = max(j["id"], self.invited_again.get(rid, 0))

    def _settled(self, job: dict[str, Any], recipient: dict[str, Any] | None) -> bool:
        """A link mail nobody needs any more: its recipient has acted since, or was sent a
        new invitation (the mail job itself would send nothing)."""
        if job["kind"] != "mail" or recipient is None:
            return False
        if str((job["payload"] or {}).get("mail")) not in LINK_MAILS:
            return False
        newer = self.invited_again.get(recipient["id"], 0) > job["id"]
        return newer or recipient["status"] not in ("notified", "viewed", "verified")

    def about(self, job: dict[str, Any], organisation_id: uuid.UUID) -> "_About | None":
        """What the job is about if it is this organisation's, else None."""
        if job["kind"] in PROBLEM_OWNERS:
            owned = self.registered.get(job["id"])
            if owned is None or owned.organisation_id != organisation_id:
                return None
            return _About(owned.what, None, None, None, None, mail=owned.mail)
        payload = job["payload"] or {}
        recipient = self.recipients.get(_id(payload.get("recipient_id")) or uuid.UUID(int=0))
        delivery = self.deliveries.get(_id(payload.get("delivery_id")) or uuid.UUID(int=0))
        envelope_id = (
            recipient["envelope"]
            if recipient
            else _delivery_envelope(delivery)
            if delivery
            else _id(payload.get("envelope_id"))
        )
        envelope = self.envelopes.get(envelope_id) if envelope_id else None
        bulk_id = _id(payload.get("bulk_send_id"))
        if delivery is not None:
            owner = delivery["organisation"]
        elif envelope is not None:
            owner = envelope["organisation"]
        else:
            owner = self.bulk.get(bulk_id) if bulk_id else None
        if owner != organisation_id:
            return None
        to = ""
        if job["kind"] == "mail":
            to = recipient["email"] if recipient else str(payload.get("to_email", ""))
        elif delivery is not None:
            to = f"{delivery['url']} ({delivery['event_type']})"
        document = envelope["document"] if envelope else ""
        what = problem_words.what(job["kind"], payload, to=to, document=document)
        return _About(what, recipient, delivery, envelope, bulk_id, mail=job["kind"] == "mail")

    def problem(self, job: dict[str, Any], organisation_id: uuid.UUID) -> Problem | None:
        """The job as a Problem if it is this organisation's (and still one), else None."""
        about = self.about(job, organisation_id)
        if about is None:
            return None
        envelope, delivery = about.envelope, about.delivery
        if job["kind"] in SEAL_KINDS and envelope and envelope["sealed_file"]:
            return None  # sealed since (by a retry from the envelope's page, say)
        if self._settled(job, about.recipient):
            return None
        state = _state(job, utcnow())
        return Problem(
            job_id=job["id"],
            kind=job["kind"],
            what=about.what,
            state=state,
            reason=problem_words.reason(
                "mail" if about.mail else job["kind"],
                job,
                state,
                delivery["last_error"] if delivery else "",
            ),
            attempts=job["attempts"],
            max_attempts=job["max_attempts"],
            when=iso(_when(job, state)) or "",
            next_run_at=iso(job["run_after"]) if job["status"] == "queued" else None,
            envelope_id=envelope["id"] if envelope else None,
            document=envelope["document"] if envelope else "",
            webhooks=delivery is not None,
            bulk_send_id=about.bulk_id if job["kind"] == "bulk_send" else None,
            queued_again=_queued_again(job, state),
        )


@dataclass(frozen=True)
class _About:
    """A job's words and the rows it points at, once it is known to be the organisation's."""

    what: str
    recipient: dict[str, Any] | None
    delivery: dict[str, Any] | None
    envelope: dict[str, Any] | None
    bulk_id: uuid.UUID | None
    mail: bool


def _delivery_envelope(delivery: dict[str, Any] | None) -> uuid.UUID | None:
    """The envelope a webhook event is about (`data.envelope.id`), if it is about one."""
    data = ((delivery or {}).get("payload") or {}).get("data") or {}
    envelope = data.get("envelope") if isinstance(data, dict) else None
    return _id(envelope.get("id")) if isinstance(envelope, dict) else None


async def _jobs(organisation_id: uuid.UUID, where: Any) -> list[dict[str, Any]]:
    """The organisation's newest jobs that match `where` (up to SCANNED)."""
    return list(
        await Job.select()
        .where((Job.organisation == organisation_id) & where)
        .order_by(Job.id, ascending=False)
        .limit(SCANNED)
        .output(load_json=True)
    )


async def problems(organisation_id: uuid.UUID, *, seals_only: bool = False) -> list[Problem]:
    """The organisation's failed and stuck jobs, newest first; only its seals and company
    stamps with `seals_only` (the failed-seal mail's link)."""
    where = _problem_where(utcnow())
    if seals_only:
        where &= Job.kind.is_in(list(SEAL_KINDS))
    jobs = await _jobs(organisation_id, where)
    owners = _Owners(organisation_id)
    await owners.load(jobs)
    found = [p for j in jobs if (p := owners.problem(j, organisation_id))]
    return sorted(found, key=lambda p: p.when, reverse=True)


async def name_of(organisation_id: uuid.UUID, job_id: int) -> str:
    """What the Problems page calls the job, for the notice after "Try again" (which it may
    no longer list: it went through meanwhile); "" when it is not this organisation's."""
    jobs = await _jobs(organisation_id, Job.id == job_id)
    owners = _Owners(organisation_id)
    await owners.load(jobs)
    about = owners.about(jobs[0], organisation_id) if jobs else None
    return about.what if about else ""


async def retry_problem(organisation_id: uuid.UUID, job_id: int, *, actor: str) -> str:
    """Queue the job again, once: a second click (or window) finds it queued already and
    queues nothing. Returns a key of OUTCOMES; another organisation's job is not found.
    Each actual re-queue is audited (runtime/jobs/problem_audit.py), "already" is not."""
    jobs = await _jobs(organisation_id, (Job.id == job_id) & _problem_where(utcnow()))
    owners = _Owners(organisation_id)
    await owners.load(jobs)
    found = owners.problem(jobs[0], organisation_id) if jobs else None
    if found is None or not found.can_retry:
        raise NotFound(f"No problem with id {job_id}: it was dealt with, or is not yours.")
    if jobs[0]["status"] == "queued" and jobs[0]["run_after"] <= utcnow():
        return "already"  # an earlier click queued it: it waits for a worker, not for us
    if found.kind in ("seal", "auto_sign") and found.envelope_id:
        # the envelope's own rules: a company stamp before the seal, audited
        done = await retry_envelope(organisation_id, found.envelope_id, actor=actor)
        return done if done in ("sealed", "nothing", "stamp") else "queued"
    about = owners.about(jobs[0], organisation_id)
    if about is None:  # cannot be: `found` is about it
        raise NotFound(f"No problem with id {job_id}.")
    to = str((jobs[0]["payload"] or {}).get("to_email", ""))
    async with transaction():  # the re-queue and its audit event, or neither
        if not await _queue_again(jobs[0]):
            return "already"
        await record_retry(
            organisation_id,
            jobs[0],
            what=found.what,
            envelope_id=found.envelope_id,
            to=about.recipient["email"] if about.recipient else to,
            delivery=about.delivery,
            mail=about.mail,
            actor=actor,
        )
    return "queued"


async def _queue_again(job: dict[str, Any]) -> bool:
    """A failed job starts over, a retrying one runs now; False when a click before this
    one (or a worker) already moved it. One conditional UPDATE: never two jobs."""
    now = utcnow()
    if job["kind"] == "webhook":
        delivery_id = _id((job["payload"] or {}).get("delivery_id"))
        await WebhookDelivery.update({WebhookDelivery.status: "pending"}).where(
            (WebhookDelivery.id == delivery_id) & WebhookDelivery.status.is_in(["failed"])
        )
    if job["status"] == "queued":
        moved = await (
            Job.update({Job.run_after: now})
            .where((Job.id == job["id"]) & (Job.status == "queued") & (Job.run_after > now))
            .returning(Job.id)
        )
        return bool(moved)
    return await restart_failed(job["id"])


__all__ = ["OUTCOMES", "Problem", "name_of", "problems", "retry_problem"]
