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

KEY = "Acme Ltd formseal seal"  # the certificate's common name
NAME = "Acme Ltd"  # as a person reads it (runtime/sealing/keys.py: sealer_name)


def _approval(reason: str | None, *, field: str = "Stage1", trusted: bool = True) -> dict:
    return {
        "field": field,
        "kind": "stage approval",
        "ok": trusted,
        "intact": True,
        "trusted": trusted,
        "signer": KEY,
        "signer_name": NAME,
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
        # nobody named: what the signature attests, by the organisation, not "by Acme Ltd
        # formseal seal" (the certificate's name)
        assert made_by(_approval(stage_reason(SealStage(2, [])), field="Stage2")) == (
            "Sealed by Acme Ltd to record that stage 2 was completed"
        )
        assert made_by(_approval("Approved on paper")) == (
            "Sealed by Acme Ltd to record that stage 1 was completed"
        )
        # a signature that is not this service's: the names in its reason are not vouched for
        assert made_by(_approval(reason, trusted=False)) == "Stage approval by Acme Ltd"
        assert made_by({"kind": "seal", "signer": KEY, "signer_name": NAME}) == (
            "Sealed by Acme Ltd"
        )
        # a report of an older formseal, without `signer_name`: the certificate's name
        assert made_by({"kind": "seal", "signer": "Acme Ltd formseal seal"}) == (
            "Sealed by Acme Ltd formseal seal"
        )
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
    with use_language("en"):
        assert finding_words(appended).endswith("after the last signature (Stage 2).")
    with use_language("fr"):
        assert "(Étape 2)" in finding_words(appended) and "Stage" not in finding_words(appended)


#: the sentences runtime/sealing/verify.py and signature_list.py write about one stage's
#: approval (tests/unit/test_seal_stages.py has the sealing code write one)
STAGE_FINDINGS = [
    "The approval signature of stage 1 is not valid.",
    "The approval of stage 1 is out of stage order.",
    "The approval signature of stage 1 is in a field that did not exist when the document was "
    "sealed: a signature was added after sealing.",
]
#: how each language says "stage" ("Étape 1" is the signature list's label)
STAGE_WORD = {"fr": "étape", "ms": "peringkat", "vi": "giai đoạn", "zh-CN": "阶段"}


@pytest.mark.parametrize("language", list(STAGE_WORD))
def test_a_finding_about_a_stage_says_stage_once(language: str) -> None:
    """It read "La signature d'approbation d'étape Étape 1 n'est pas valide." (a "stage
    approval signature" msgid with the stage's label put in): the stage is said once, by
    its number ("de l'étape 1"); "out of stage order" names the order of the stages too."""
    from runtime.verification.findings import finding_words

    with use_language(language):
        said = [finding_words(finding) for finding in STAGE_FINDINGS]
    assert all(" 1" in s and "stage" not in s for s in said), said
    counts = [s.lower().count(STAGE_WORD[language]) for s in said]
    assert counts[0] == 1 and counts[2] == 1, said
    if language == "fr":
        assert said[0] == "La signature d’approbation de l’étape 1 n’est pas valide."
        assert said[1] == "L’approbation de l’étape 1 n’est pas dans l’ordre des étapes."


def test_the_api_and_the_cli_say_what_the_english_page_says() -> None:
    """`english_report`: each signature keeps its `field` and `signer` as they are in the file,
    with the English page's `label` and `made_by` beside them, and the findings name a stage
    as the page does; the CLI's lines read the same."""
    from runtime.verification.english import english_report, signature_lines

    reason = stage_reason(SealStage(1, ["Cy Claimant"], "2026-11-29T22:40:53Z"))
    seal = {"field": SEAL_FIELD, "kind": "seal", "ok": True, "intact": True, "trusted": True}
    report = {
        "reasons": [
            "The document was changed after it was sealed. Content was appended after the "
            "last signature (Stage1)."
        ],
        "signatures": [
            {**seal, "signer": KEY, "signer_name": NAME, "reason": SEAL_REASON},
            {**_approval(reason), "signed_at": "2026-11-29T22:40:55Z"},
        ],
    }
    with use_language("fr"):  # a request in another language: the API is English all the same
        english = english_report(report)
    assert english["reasons"][0].endswith("after the last signature (Stage 1).")
    first, second = english["signatures"]
    assert (second["field"], second["label"], second["signer"]) == ("Stage1", "Stage 1", KEY)
    assert second["made_by"] == "Stage approval by Cy Claimant"
    assert (first["label"], first["made_by"]) == ("Seal", "Sealed by Acme Ltd")
    assert list(second)[:2] == ["field", "label"]
    assert report["signatures"][1]["field"] == "Stage1" and "label" not in report["signatures"][1]
    lines = signature_lines(english)
    assert lines[1] == (
        "Signature 2, Stage 1 — valid: Stage approval by Cy Claimant, 2026-11-29 22:40:55 UTC. "
        "Reason: Stage 1 approved by Cy Claimant (stage completed 2026-11-29 22:40:53 UTC)."
    )
    assert lines[0].startswith("Signature 1, Seal — valid: Sealed by Acme Ltd, an unknown time.")


def test_a_reason_that_says_what_the_line_above_says_is_not_repeated() -> None:
    """With the default organisation the seal reads "Sealed by formseal", as its reason does."""
    seal = {"field": SEAL_FIELD, "kind": "seal", "ok": True, "intact": True, "trusted": True}
    default = {**seal, "signer": "formseal seal", "signer_name": "formseal", "reason": SEAL_REASON}
    with use_language("fr"):
        (row,) = signature_rows({"signatures": [default]})
        assert (row["made_by"], str(row["reason"])) == ("Scellé par formseal", "")
        (row,) = signature_rows({"signatures": [{**default, "signer_name": NAME}]})
        assert (row["made_by"], str(row["reason"])) == (
            "Scellé par Acme Ltd",
            "Scellé par formseal",
        )
