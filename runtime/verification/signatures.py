"""The /verify report's "Signatures" list as a person reads it, in the page's language.

A sealed PDF names its signatures by field (`Seal`, `Stage1` … `StageN`,
`ArchiveTimestamp`: runtime/sealing/sign.py and approvals.py) and carries a reason formseal
wrote in English ("Sealed by formseal", "Stage 1 approved by Cy Claimant (stage completed
2026-11-29 22:40:53 UTC)"). Neither can change in a signed file, and the field names stay as
they are in new PDFs (tests, `pdfsig` and readers' signature panels know them). So the page
shows a field by what it is ("Stage 1", "Étape 1"), recognises the reasons formseal writes and
says them in the page's language, the names and the time put back as written; any other
reason is shown as it is in the file.

A stage approval is signed with the organisation's sealing key, not by the people who
completed the stage: the line under a valid one names them from its reason ("Stage approval
by Cy Claimant"), which the signature covers; when the reason does not name them, the line
says what the signature does attest ("Sealed by … to record that stage 1 was completed").

Who made a signature is named as a person reads it (`signer_name`, runtime/sealing/keys.py:
`sealer_name`): "Sealed by Acme Ltd", "Sealed by formseal" for a certificate named "Acme Ltd
formseal seal" or "formseal seal". The API and `formseal verify` use these same functions in
English (runtime/verification/english.py), so all three read alike.
"""

import re
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from runtime.i18n import N_, gettext
from runtime.i18n.messages import shape_patterns
from runtime.verification.findings import STAGE_FIELD, stage_label, unbroken_dates

#: the reasons runtime/sealing/sign.py (SEAL_REASON) and approvals.py (stage_reason) write
REASONS = [
    N_("Sealed by formseal"),
    N_("Stage %(number)s approved by %(names)s (stage completed %(when)s UTC)"),
    N_("Stage %(number)s approved by %(names)s"),
    # a stage whose reason names nobody (stage_reason's "its recipients")
    N_("Stage %(number)s approved by its recipients (stage completed %(when)s UTC)"),
    N_("Stage %(number)s approved by its recipients"),
]
#: how a stage approval's reason names who completed the stage, when it does
_NAMES = re.compile(r"^Stage \d+ approved by (?P<names>.+?)(?: \(stage completed .+ UTC\))?$")


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    # the most specific shape first ("… its recipients" before "… %(names)s")
    compiled = shape_patterns(REASONS)
    return sorted(compiled, key=lambda item: -len(re.sub(r"%\(\w+\)s", "", item[1])))


def reason_words(reason: str) -> str:
    """A reason formseal wrote, in the page's language; any other as it is in the file."""
    for pattern, template in _patterns():
        found = pattern.match(reason.strip())
        if found and all(v.strip() for v in found.groupdict().values()):
            return gettext(template, **found.groupdict())
    return reason


def field_label(field: str | None, kind: str) -> str:
    """`Stage1` as "Stage 1" (old and new PDFs name the field the same way), formseal's own
    `Seal` and `ArchiveTimestamp` by what they are; any other field by its name."""
    stage = stage_label(field or "")
    if stage and kind == "stage approval":
        return stage
    if field == "Seal" and kind == "seal":
        return gettext("Seal")
    if field == "ArchiveTimestamp" and kind == "archive timestamp":
        return gettext("Archive timestamp")
    return field or ""


def approvers(reason: str | None) -> str | None:
    """Who completed the stage, as its approval's reason names them ("Cy Claimant, Mo
    Manager"); None when it does not ("its recipients", or a reason formseal did not write)."""
    found = _NAMES.match((reason or "").strip())
    if not found or found.group("names") == "its recipients":
        return None
    return found.group("names")


def _kind_words(kind: str) -> str:
    kinds = {
        "seal": N_("Seal"),
        "stage approval": N_("Stage approval"),
        "archive timestamp": N_("Archive timestamp"),
        "other signature": N_("Other signature"),
    }
    return gettext(kinds[kind]) if kind in kinds else kind.capitalize()


def made_by(sig: dict[str, Any]) -> str:
    """What the signature is and who made it: "Sealed by Acme Ltd", "Archive timestamp by
    <authority>"; for a trusted stage approval, the people its reason names ("Stage approval
    by Cy Claimant")."""
    signer = sig.get("signer_name") or sig.get("signer") or gettext("an unknown signer")
    if sig.get("kind") == "stage approval" and sig.get("intact") and sig.get("trusted"):
        names = approvers(sig.get("reason"))
        if names:
            return gettext("Stage approval by %(names)s", names=names)
        stage = STAGE_FIELD.match(sig.get("field") or "")
        if stage:
            return gettext(
                "Sealed by %(signer)s to record that stage %(number)s was completed",
                signer=signer,
                number=int(stage.group(1)),
            )
    if sig.get("kind") == "seal":
        return gettext("Sealed by %(signer)s", signer=signer)
    return gettext("%(kind)s by %(signer)s", kind=_kind_words(sig.get("kind") or ""), signer=signer)


def shown_reason(sig: dict[str, Any], said: str) -> str:
    """The signature's reason in the current language, or "" when there is none or it says
    what `said` (its `made_by` line) already does: "Sealed by formseal" twice in a row."""
    reason = reason_words(sig.get("reason") or "")
    return "" if reason == said else reason


def signature_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Each signature of the report: its label, who made it, and its reason (escaped, dates
    on one line: `unbroken_dates`)."""
    rows = []
    for sig in report.get("signatures") or []:
        said = made_by(sig)
        reason = shown_reason(sig, said)
        rows.append(
            {
                "label": field_label(sig.get("field"), sig.get("kind") or ""),
                "made_by": said,
                "reason": unbroken_dates(reason) if reason else Markup(""),
            }
        )
    return rows
