"""The /verify report's signature list as a person reads it (runtime/verification/signatures.py):
"Stage 1" for the field Stage1, the people a stage approval's reason names rather than the
sealing key's name, and the reasons formseal writes in the page's language; any other
reason as it is in the file."""

import pytest

from runtime.i18n import use_language
from runtime.sealing.approvals import stage_field, stage_reason
from runtime.sealing.inputs import SealStage
from runtime.sealing.sign import SEAL_FIELD, SEAL_REASON
from runtime.verification.signatures import (
    approvers,
    field_label,
    made_by,
    reason_words,
    signature_rows,
)

KEY = "Acme Ltd formseal seal"


def _approval(reason: str | None, *, field: str = "Stage1", trusted: bool = True) -> dict:
    return {
        "field": field,
        "kind": "stage approval",
        "ok": trusted,
        "intact": True,
        "trusted": trusted,
        "signer": KEY,
        "reason": reason,
    }


def test_the_reasons_formseal_writes_are_recognised_in_every_language() -> None:
    """Written by the code that seals (not copied): a change of its wording fails here."""
    stages = [
        SealStage(1, ["Cy Claimant", "Eve (HR), Ltd"], "2026-11-29T22:40:53Z"),
        SealStage(2, ["Mo Manager"]),
        SealStage(3, [], "2026-11-29T22:41:00Z"),
        SealStage(4, []),
    ]
    reasons = [SEAL_REASON, *(stage_reason(stage) for stage in stages)]
    assert reasons[1] == (
        "Stage 1 approved by Cy Claimant, Eve (HR), Ltd (stage completed 2026-11-29 22:40:53 UTC)"
    )
    with use_language("en"):
        assert [reason_words(r) for r in reasons] == reasons
    with use_language("fr"):
        assert [reason_words(r) for r in reasons] == [
            "Scellé par formseal",
            "Étape 1 approuvée par Cy Claimant, Eve (HR), Ltd "
            "(étape terminée le 2026-11-29 22:40:53 UTC)",
            "Étape 2 approuvée par Mo Manager",
            "Étape 3 approuvée par ses destinataires (étape terminée le 2026-11-29 22:41:00 UTC)",
            "Étape 4 approuvée par ses destinataires",
        ]
    for language in ("ms", "vi", "zh-CN"):
        with use_language(language):
            said = [reason_words(r) for r in reasons]
        assert all(s != r for s, r in zip(said, reasons, strict=True)), language
        assert "Cy Claimant, Eve (HR), Ltd" in said[1] and "2026-11-29 22:40:53" in said[1]


def test_a_reason_formseal_did_not_write_is_shown_as_written() -> None:
    with use_language("fr"):
        for reason in ["Approved on paper", "Stage 1 approved", "I agree to the terms"]:
            assert reason_words(reason) == reason


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", ["Seal", "Stage 1", "Stage 12", "Archive timestamp", "Signature1"]),
        ("fr", ["Sceau", "Étape 1", "Étape 12", "Horodatage d’archivage", "Signature1"]),
    ],
)
def test_fields_are_named_as_people_read_them(language: str, labels: list[str]) -> None:
    fields = [
        (SEAL_FIELD, "seal"),
        (stage_field(1), "stage approval"),
        (stage_field(12), "stage approval"),
        ("ArchiveTimestamp", "archive timestamp"),
        ("Signature1", "other signature"),
    ]
    with use_language(language):
        assert [field_label(field, kind) for field, kind in fields] == labels


def test_a_stage_approval_names_who_completed_the_stage() -> None:
    reason = stage_reason(SealStage(1, ["Cy Claimant"], "2026-11-29T22:40:53Z"))
    assert approvers(reason) == "Cy Claimant"
    with use_language("en"):
        assert made_by(_approval(reason)) == "Stage approval by Cy Claimant"
        # nobody named: what the signature attests, not "by Acme Ltd formseal seal"
        assert made_by(_approval(stage_reason(SealStage(2, [])), field="Stage2")) == (
            f"Sealed by {KEY} to record that stage 2 was completed"
        )
        assert made_by(_approval("Approved on paper")) == (
            f"Sealed by {KEY} to record that stage 1 was completed"
        )
        # a signature that is not this service's: the names in its reason are not vouched for
        assert made_by(_approval(reason, trusted=False)) == f"Stage approval by {KEY}"
        assert made_by({"kind": "seal", "signer": KEY}) == f"Seal by {KEY}"
    with use_language("fr"):
        assert made_by(_approval(reason)) == "Approbation d’étape par Cy Claimant"


def test_rows_keep_the_reason_escaped_and_its_time_on_one_line() -> None:
    reason = stage_reason(SealStage(1, ["<b>Cy</b>"], "2026-11-29T22:40:53Z"))
    with use_language("fr"):
        (row,) = signature_rows({"signatures": [_approval(reason)]})
    assert row["label"] == "Étape 1"
    assert str(row["reason"]) == (
        "Étape 1 approuvée par &lt;b&gt;Cy&lt;/b&gt; (étape terminée le "
        '<span class="nowrap">2026-11-29 22:40:53 UTC</span>)'
    )


def test_findings_name_a_stage_as_the_signature_list_does() -> None:
    from runtime.verification.findings import finding_words

    appended = (
        "The document was changed after it was sealed. Content was appended after the last "
        "signature (Stage2)."
    )
    added = (
        "The signature field 'Stage3' did not exist when the document was sealed: a signature "
        "was added after sealing."
    )
    with use_language("en"):
        assert finding_words(appended).endswith("after the last signature (Stage 2).")
        assert finding_words("The stage approval Stage12 is out of stage order.") == (
            "The stage approval Stage 12 is out of stage order."
        )
        assert finding_words(added) == added  # the name of a field someone added, as it is
    with use_language("fr"):
        assert "(Étape 2)" in finding_words(appended) and "Stage" not in finding_words(appended)
        assert "'Stage3'" in finding_words(added)
