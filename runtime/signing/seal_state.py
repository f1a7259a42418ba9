"""What a finished recipient's confirmation page (signer/done.html) says about the sealed PDF.

One of:

- ``sealed``: the download is there;
- ``waiting``: other parties still have to act; the seal comes after the last of them. An
  organisation role whose turn has come does not count: it applies its company stamp by
  itself in seconds (runtime/stamps/autosign.py), so the page says ``sealing`` and checks;
- ``sealing``: every party is done and the seal is being made (seconds): the page checks
  again every 2 s;
- ``slow``: the seal has been due for more than two minutes (`SLOW_AFTER`) and nothing has
  failed: no worker has taken it yet (none running, or a long queue), or it is still being
  made. The page says it is taking longer than usual, without speaking of a failed attempt,
  and checks every 30 s;
- ``retrying``: an attempt failed and the queue tries again by itself (30 s, 60 s, …):
  the page checks again every 15 s and says it is taking longer than usual;
- ``failed``: the seal (or the organisation's company stamp before it) gave up; nothing
  changes until an administrator retries it, so the page stops checking and says the PDF
  is mailed once it exists;
- ``never``: the envelope was voided, declined or expired after this recipient finished,
  so nothing will be sealed; the page says what happened and why (runtime/signing/closed.py),
  as the API's `seal.state` does.

It reads the same jobs as the envelope's page in the designer (`envelope_problem`), so the
sender, the administrators and every recipient's link tell the same story.
"""

import datetime as dt
from typing import Any

from runtime.clock import utcnow
from runtime.jobs.stuck import envelope_problem
from runtime.signing.closed import CLOSED_STATES, closed_state, closure
from runtime.signing.closing import others_waiting
from runtime.signing.service import SigningContext
from runtime.stamps.recipients import is_organisation_recipient
from runtime.tables import Job, Recipient

#: seconds between the page's checks while something will change by itself
POLL_SECONDS = {"sealing": 2, "slow": 30, "retrying": 15}
#: a seal due this long without a failure is "taking longer than usual"
SLOW_AFTER = dt.timedelta(minutes=2)


async def seal_state(ctx: SigningContext) -> str:
    """sealed, waiting, sealing, slow, retrying, failed or never (see the module's docstring)."""
    if ctx.envelope["sealed_file"] is not None:
        return "sealed"
    if ctx.envelope["status"] in CLOSED_STATES:
        return "never"
    problem = await envelope_problem(ctx.envelope["id"])
    if problem is not None:
        return "failed" if problem.state == "failed" else "retrying"
    if await others_waiting(ctx) and not await _only_auto_sign_left(ctx):
        # past its expiry time, whenever the `expire` job runs; with everyone done the
        # seal goes ahead (nobody is left to sign after the expiry)
        return "never" if closed_state(ctx.envelope) else "waiting"
    due = await _seal_due_since(ctx)
    if due is not None and utcnow() - due > SLOW_AFTER:
        return "slow"
    return "sealing"


async def _only_auto_sign_left(ctx: SigningContext) -> bool:
    """Everyone left to act is the organisation, whose turn has come (`notified`): its
    auto-sign job applies the stamp by itself, and a stamp that cannot be applied is a
    problem (retrying, failed) like a seal that fails."""
    left = await Recipient.select(Recipient.email, Recipient.token_salt, Recipient.status).where(
        (Recipient.envelope == ctx.envelope["id"])
        & (Recipient.kind != "cc")
        & Recipient.status.not_in(["completed", "skipped"])
    )
    return all(r["status"] == "notified" and is_organisation_recipient(r) for r in left)


async def done_context(ctx: SigningContext) -> dict[str, Any]:
    """The confirmation page's seal state, how often it checks again, and what closed the
    document (`closed`, for the state `never`)."""
    state = await seal_state(ctx)
    return {
        "seal_state": state,
        "poll_seconds": POLL_SECONDS.get(state),
        "sealed": state == "sealed",
        "waiting_for_others": state == "waiting",
        "closed": await closure(ctx) if state == "never" else None,
        # once sealed, whether the sealed PDF's mail has gone: the page says it was sent
        # rather than that it will be
        "mailed": state == "sealed" and await _completed_mail_sent(ctx),
    }


async def _completed_mail_sent(ctx: SigningContext) -> bool:
    """This recipient's "completed" mail (runtime/mail/jobs.py, one job per recipient) was
    delivered."""
    if not ctx.recipient.get("email"):
        return False
    job = (
        await Job.select(Job.status)
        .where(Job.dedupe_key == f"completed:{ctx.recipient['id']}")
        .first()
    )
    return job is not None and job["status"] == "done"


async def _seal_due_since(ctx: SigningContext) -> dt.datetime | None:
    """Since when the seal job has been due to run (queued or running); this recipient's
    signature when no job exists (it is queued with the last one); None when the job is
    neither."""
    # here, not at the top, as in envelope_problem: the seal job's module is heavy
    from runtime.jobs.seal import seal_job_key

    job = (
        await Job.select(Job.status, Job.run_after)
        .where(Job.dedupe_key == seal_job_key(ctx.envelope["id"]))
        .first()
    )
    if job is None:
        since = ctx.recipient.get("completed_at")
    elif job["status"] in ("queued", "running"):
        since = job["run_after"]
    else:
        return None
    if not isinstance(since, dt.datetime):
        return None
    return since if since.tzinfo else since.replace(tzinfo=dt.UTC)
