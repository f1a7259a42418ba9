"""The verification report as the API and `formseal verify` give it: in English
(docs/decisions/0007), in the words of the English /verify page.

The page words a report in its reader's language with findings.py and signatures.py; the
API and the CLI call the same functions in English, so all three say "Stage 1" for the
field `Stage1`, "Stage approval by Cy Claimant" or "Sealed by Acme Ltd" for who made a
signature, and the findings as the page has them ("… after the last signature (Stage 2).").
What the report held keeps its meaning for the clients that read it: a signature's `field`
is still its name in the file and `signer` its certificate's common name; the words are
added beside them (`label`, `made_by`; docs/api.md).
"""

from typing import Any

from runtime.i18n import use_language
from runtime.verification.findings import finding_words
from runtime.verification.signatures import field_label, made_by, shown_reason


def english_report(report: dict[str, Any]) -> dict[str, Any]:
    """`report` with its findings worded as the English page words them, and each signature
    with its `label` ("Stage 1") and `made_by` ("Stage approval by Cy Claimant")."""
    with use_language("en"):
        return {
            **report,
            "reasons": [finding_words(reason) for reason in report["reasons"]],
            "signatures": [_signature(sig) for sig in report.get("signatures") or []],
        }


def _signature(sig: dict[str, Any]) -> dict[str, Any]:
    # `label` beside `field`, `made_by` beside `signer`: the order a reader meets them
    label = field_label(sig.get("field"), sig.get("kind") or "")
    return {"field": sig.get("field"), "label": label, **sig, "made_by": made_by(sig)}


def signature_lines(report: dict[str, Any]) -> list[str]:
    """One line per signature of an English report, in the order made, when there is more
    than the seal, as the English page lists them: "Signature 2, Stage 1 — valid: Stage
    approval by Cy Claimant, 2026-11-29 22:40:53 UTC. Reason: Stage 1 approved by …"."""
    signatures = report.get("signatures") or []
    if len(signatures) < 2:
        return []
    lines = []
    for number, sig in enumerate(signatures, start=1):
        verdict = "valid" if sig["ok"] else ("intact" if sig["intact"] else "NOT intact")
        if sig["intact"] and not sig["trusted"]:
            verdict += ", not trusted"
        when = sig.get("signed_at")
        at = f"{when[:19].replace('T', ' ')} UTC" if when else "an unknown time"
        with use_language("en"):
            reason = shown_reason(sig, sig["made_by"])
        said = f" Reason: {reason}" + ("" if reason.endswith(".") else ".") if reason else ""
        lines.append(
            f"Signature {number}, {sig['label']} — {verdict}: {sig['made_by']}, {at}.{said}"
        )
    return lines
