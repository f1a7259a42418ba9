"""What a finished recipient's confirmation page (signer/done.html) says about the sealed PDF.

One of:

- ``sealed``: the download is there;
- ``waiting``: other parties still have to act; the seal comes after the last of them;
- ``sealing``: every party is done and the seal is being made (seconds): the page checks
  again every 2 s;
- ``retrying``: an attempt failed and the queue tries again by itself (30 s, 60 s, …):
  the page checks again every 15 s and says it is taking longer than usual;
- ``failed``: the seal (or the organisation's company stamp before it) gave up; nothing
  changes until an administrator retries it, so the page stops checking and says the PDF
  is mailed once it exists.

It reads the same jobs as the envelope's page in the designer (`envelope_problem`), so the
sender, the administrators and every recipient's link tell the same story.
"""

from runtime.jobs.stuck import envelope_problem
from runtime.signing.closing import others_waiting
from runtime.signing.service import SigningContext

#: seconds between the page's checks while something will change by itself
POLL_SECONDS = {"sealing": 2, "retrying": 15}


async def seal_state(ctx: SigningContext) -> str:
    """sealed, waiting, sealing, retrying or failed (see the module's docstring)."""
    if ctx.envelope["sealed_file"] is not None:
        return "sealed"
    problem = await envelope_problem(ctx.envelope["id"])
    if problem is not None:
        return "failed" if problem.state == "failed" else "retrying"
    if await others_waiting(ctx):
        return "waiting"
    return "sealing"
