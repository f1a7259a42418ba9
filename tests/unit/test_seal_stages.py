"""Per-stage approval signatures: certification first, then one approval per stage, in order;
and the PAdES B-LTA archive timestamp after B-LT. pyHanko and pdfsig judge every one."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfWriter

from runtime.sealing import (
    SealInput,
    SealOptions,
    SealStage,
    seal_document,
    timestamp_roots,
    trust_roots,
    verify_pdf,
)
from runtime.sealing.sample import sample_seal_input
from tests.unit.pki_helpers import LocalServer, Tsa, _operator_keys, start_tsa

THEMES = Path(__file__).resolve().parents[2] / "themes"
STAGES = [
    SealStage(1, ["Nguyễn Thị Minh Khai"], "2026-11-23T14:05:12Z"),
    SealStage(2, ["Jane O'Neil", "Bob Lee"], "2026-11-23T15:30:00Z"),
]


def staged() -> SealInput:
    return replace(sample_seal_input(), stages=STAGES, stage_signatures=True)


def _pdfsig(pdf: bytes, folder: Path) -> str:
    path = folder / "staged.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=30)
    return done.stdout


def _pdfsig_blocks(out: str) -> dict[str, str]:
    """pdfsig's findings per signature field."""
    blocks = re.split(r"^Signature #\d+:$", out, flags=re.M)[1:]
    return {re.search(r"Field Name: (\S+)", b).group(1): b for b in blocks}  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def stage_seal(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Path]:
    keys = tmp_path_factory.mktemp("stage-keys")
    return seal_document(staged(), keys_dir=keys, themes_dir=THEMES).pdf, keys


def test_two_stages_give_two_approvals_after_the_seal(stage_seal, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf, keys = stage_seal
    report = verify_pdf(pdf, trust_roots(keys))
    assert report.ok, report.reasons
    assert [(s.field, s.kind) for s in report.signatures] == [
        ("Seal", "seal"),
        ("Stage1", "stage approval"),
        ("Stage2", "stage approval"),
    ]
    assert all(s.ok and s.intact and s.trusted for s in report.signatures)
    assert report.signatures[1].reason == (
        "Stage 1 approved by Nguyễn Thị Minh Khai (stage completed 2026-11-23 14:05:12 UTC)"
    )
    assert report.signatures[2].reason.startswith("Stage 2 approved by Jane O'Neil, Bob Lee")
    assert [s.covers_whole_file for s in report.signatures] == [False, False, True]

    # pyHanko on its own: every signature intact, trusted, and DocMDP respected
    reader = PdfFileReader(BytesIO(pdf))
    context = ValidationContext(trust_roots=trust_roots(keys), allow_fetching=False)
    ordered = sorted(reader.embedded_signatures, key=lambda s: s.signed_revision)
    assert [s.field_name for s in ordered] == ["Seal", "Stage1", "Stage2"]
    assert ordered[0].docmdp_level is not None  # the seal is the certification
    for signature in ordered:
        status = validate_pdf_signature(signature, context)
        assert status.bottom_line, signature.field_name
        assert status.docmdp_ok is not False

    blocks = _pdfsig_blocks(_pdfsig(pdf, tmp_path))
    assert list(blocks) == ["Seal", "Stage1", "Stage2"]  # in stage order
    assert all("Signature is Valid" in b for b in blocks.values())
    assert "Total document signed" in blocks["Stage2"]


def test_the_certificate_lists_the_stage_approvals(stage_seal, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf, _ = stage_seal
    path = tmp_path / "s.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, timeout=30, check=True
    ).stdout
    # in the document's language (the sample is Vietnamese)
    assert "Phê duyệt theo giai đoạn" in text
    assert "Được phê duyệt bởi Jane O'Neil, Bob Lee" in text


def test_a_change_after_the_last_approval_is_caught(stage_seal, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf, keys = stage_seal
    writer = PdfWriter(BytesIO(pdf), incremental=True)
    writer.add_blank_page(595, 842)
    out = BytesIO()
    writer.write(out)
    report = verify_pdf(out.getvalue(), trust_roots(keys))
    assert not report.ok and report.modified
    assert any("after the last signature (Stage2)" in r for r in report.reasons)
    assert any("page" in c for c in report.changes)
    assert (
        "Not total document signed" in _pdfsig_blocks(_pdfsig(out.getvalue(), tmp_path))["Stage2"]
    )


def test_a_third_signature_after_the_approvals_is_refused(stage_seal) -> None:  # type: ignore[no-untyped-def]
    """FILL_FORMS lets only the pre-created fields be signed: a new signature is caught."""
    pdf, keys = stage_seal
    from pyhanko.sign import signers

    from runtime.sealing.keys import ensure_sealing_identity

    identity = ensure_sealing_identity(keys, "Acme Ltd")
    meta = signers.PdfSignatureMetadata(field_name="Stage3", md_algorithm="sha256")
    out = signers.PdfSigner(meta, signer=identity.signer).sign_pdf(
        IncrementalPdfFileWriter(BytesIO(pdf))
    )
    report = verify_pdf(out.getvalue(), trust_roots(keys))
    assert not report.ok
    assert report.signatures[-1].field == "Stage3"
    assert (
        "The approval signature of stage 3 is in a field that did not exist when the document "
        "was sealed: a signature was added after sealing." in report.reasons
    )


def test_without_the_setting_there_is_one_signature(tmp_path: Path) -> None:
    seal_input = replace(sample_seal_input(), stages=STAGES, stage_signatures=False)
    pdf = seal_document(seal_input, keys_dir=tmp_path, themes_dir=THEMES).pdf
    report = verify_pdf(pdf, trust_roots(tmp_path))
    assert report.ok and [s.field for s in report.signatures] == ["Seal"]


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    local = LocalServer()
    try:
        yield local
    finally:
        local.stop()


@pytest.fixture(scope="module")
def tsa(server: LocalServer) -> Tsa:
    return start_tsa(server, "/tsa-lta")


def test_b_lta_adds_an_archive_timestamp(tmp_path: Path, server: LocalServer, tsa: Tsa) -> None:
    _operator_keys(tmp_path, server, "/crl-lta")
    pdf = seal_document(
        sample_seal_input(), keys_dir=tmp_path, themes_dir=THEMES, options=SealOptions(tsa.url)
    ).pdf
    report = verify_pdf(pdf, trust_roots(tmp_path), timestamp_roots(tmp_path))
    assert report.ok, report.reasons
    assert report.level == "PAdES B-LTA" and report.validation_data
    seal, archive = report.signatures
    assert seal.field == "Seal" and archive.kind == "archive timestamp"
    assert archive.intact and archive.trusted and archive.signer == "Test TSA"
    assert archive.covers_whole_file  # the TSA's validation data went in before it
    blocks = _pdfsig_blocks(_pdfsig(pdf, tmp_path))
    assert list(blocks) == ["Seal", "ArchiveTimestamp"]
    assert "Signature is Valid" in blocks["Seal"]
    # poppler lists a document timestamp (ETSI.RFC3161) but does not check it ("not yet
    # been verified"); pyHanko did above. It does see that it covers the whole file.
    assert "Test TSA" in blocks["ArchiveTimestamp"]
    assert "Total document signed" in blocks["ArchiveTimestamp"]


def test_b_lta_with_stage_approvals(tmp_path: Path, server: LocalServer, tsa: Tsa) -> None:
    _operator_keys(tmp_path, server, "/crl-lta-stages")
    pdf = seal_document(
        staged(), keys_dir=tmp_path, themes_dir=THEMES, options=SealOptions(tsa.url)
    ).pdf
    report = verify_pdf(pdf, trust_roots(tmp_path), timestamp_roots(tmp_path))
    assert report.ok, report.reasons
    assert report.level == "PAdES B-LTA"
    assert [s.field for s in report.signatures] == ["Seal", "Stage1", "Stage2", "ArchiveTimestamp"]
    assert all(s.ok for s in report.signatures)


@pytest.fixture(scope="module")
def lta_seal(
    tmp_path_factory: pytest.TempPathFactory, server: LocalServer, tsa: Tsa
) -> tuple[bytes, Path]:
    keys = tmp_path_factory.mktemp("lta-keys")
    _operator_keys(keys, server, "/crl-lta-words")
    options = SealOptions(tsa.url)
    return seal_document(
        sample_seal_input(), keys_dir=keys, themes_dir=THEMES, options=options
    ).pdf, keys


def _broken_archive_token(pdf: bytes) -> bytes:
    """The archive timestamp's token (the last /Contents) with one hex digit changed."""
    at = pdf.rindex(b"/Contents <") + len(b"/Contents <") + 400
    data = bytearray(pdf)
    data[at] = ord("0") if data[at] != ord("0") else ord("1")
    return bytes(data)


def test_findings_call_the_archive_timestamp_what_it_is(lta_seal) -> None:  # type: ignore[no-untyped-def]
    """They read "The archive timestamp ArchiveTimestamp is not intact." and "… after the
    last signature (ArchiveTimestamp).": the field's name, not words (as the signature list
    says "Archive timestamp"), in the page's five languages, the CLI and the API."""
    from runtime.i18n import use_language
    from runtime.verification.english import english_report
    from runtime.verification.findings import finding_words

    pdf, keys = lta_seal
    writer = PdfWriter(BytesIO(pdf), incremental=True)
    writer.add_blank_page(595, 842)
    appended = BytesIO()
    writer.write(appended)
    after = verify_pdf(appended.getvalue(), trust_roots(keys), timestamp_roots(keys))
    broken = verify_pdf(_broken_archive_token(pdf), trust_roots(keys), timestamp_roots(keys))
    untrusted = verify_pdf(pdf, trust_roots(keys), [])  # no timestamp authority trusted
    assert broken.intact and not broken.ok and not broken.signatures[-1].intact
    assert untrusted.ok and not untrusted.signatures[-1].trusted
    findings = [
        "The document was changed after it was sealed. Content was appended after the "
        "archive timestamp.",
        "The archive timestamp is not intact.",
        "The archive timestamp does not come from a timestamp authority this service trusts.",
    ]
    assert findings[0] in after.reasons
    assert findings[1] in broken.reasons
    assert findings[2] in untrusted.reasons
    every = [*after.reasons, *broken.reasons, *untrusted.reasons]
    assert not [r for r in every if "ArchiveTimestamp" in r]
    english = english_report({"reasons": findings, "signatures": []})["reasons"]
    assert english == findings
    with use_language("fr"):
        assert [finding_words(f) for f in findings] == [
            "Le document a été modifié après son scellement. Du contenu a été ajouté après "
            "l’horodatage d’archivage.",
            "L’horodatage d’archivage n’est pas intact.",
            "L’horodatage d’archivage ne vient pas d’une autorité d’horodatage à laquelle ce "
            "service fait confiance.",
        ]
    for language in ("ms", "vi", "zh-CN"):
        with use_language(language):
            said = [finding_words(f) for f in findings]
        assert all(s != f for s, f in zip(said, findings, strict=True)), language
