"""Download names people read: "Service agreement – 3f6c1d2e.pdf", and a Content-Disposition
that carries any name without breaking the header."""

from runtime.file_names import content_disposition, sealed_pdf_name

ID = "3f6c1d2e-1111-4222-8333-944445555666"


def test_a_sealed_pdf_is_named_after_its_document_and_short_id() -> None:
    assert sealed_pdf_name("Service agreement", ID) == "Service agreement – 3f6c1d2e.pdf"
    assert sealed_pdf_name("", ID) == "Sealed document – 3f6c1d2e.pdf"
    assert sealed_pdf_name(" ./.. ", ID) == "Sealed document – 3f6c1d2e.pdf"


def test_unsafe_characters_and_header_injection_are_taken_out() -> None:
    name = sealed_pdf_name('Lease "A/B"\r\nX-Evil: 1 <v2>?*|\\', ID)
    assert name == "Lease A B X-Evil 1 v2 – 3f6c1d2e.pdf"
    header = content_disposition(name)
    assert "\r" not in header and "\n" not in header and header.count('"') == 2


def test_a_long_name_is_cut_before_the_id() -> None:
    name = sealed_pdf_name("Agreement " * 30, ID)
    assert name.endswith(" – 3f6c1d2e.pdf") and len(name) < 100


def test_content_disposition_has_an_ascii_fallback_and_the_utf8_name() -> None:
    assert content_disposition("audit-trail-3f6c1d2e.csv") == (
        'attachment; filename="audit-trail-3f6c1d2e.csv"'
    )
    assert content_disposition("Service agreement – 3f6c1d2e.pdf") == (
        'attachment; filename="Service agreement - 3f6c1d2e.pdf"; '
        "filename*=UTF-8''Service%20agreement%20%E2%80%93%203f6c1d2e.pdf"
    )
    assert content_disposition("Hợp đồng – 3f6c1d2e.pdf", inline=True).startswith(
        "inline; filename=\"Hop dong - 3f6c1d2e.pdf\"; filename*=UTF-8''H%E1%BB%A3p"
    )
    assert content_disposition("合同 – 3f6c1d2e.pdf").startswith(
        "attachment; filename=\"3f6c1d2e.pdf\"; filename*=UTF-8''%E5%90%88"
    )


def test_zip_entries_are_readable_and_unique() -> None:
    """Archive search's ZIP names each PDF as it downloads; two envelopes of one template
    whose short ids meet (or names differing only in case) never overwrite each other."""
    from runtime.archive.sealed_zip import entry_name

    used: set[str] = {"manifest.csv"}
    first = "3f6c1d2e-8a4b-4c5d-9e7f-0a1b2c3d4e5f"
    second = "3f6c1d2e-0000-4c5d-9e7f-0a1b2c3d4e5f"
    assert entry_name("NDA / Acme", first, used) == "NDA Acme – 3f6c1d2e.pdf"
    assert entry_name("nda / acme", second, used) == f"nda acme – {second}.pdf"
    assert entry_name("", first, used) == "Sealed document – 3f6c1d2e.pdf"
    assert len(used) == 4


def test_audit_trail_and_template_export_names() -> None:
    from runtime.file_names import audit_trail_csv_name, content_disposition, template_export_name

    envelope = "3f6c1d2e-8a4b-4c5d-9e7f-0a1b2c3d4e5f"
    name = audit_trail_csv_name("Hợp đồng / NDA", envelope)
    assert name == "Hợp đồng NDA – 3f6c1d2e – audit trail.csv"
    header = content_disposition(name)
    assert 'filename="Hop dong NDA - 3f6c1d2e - audit trail.csv"' in header
    assert "filename*=UTF-8''H%E1%BB%A3p%20%C4%91%E1%BB%93ng%20NDA%20%E2%80%93" in header
    assert template_export_name('Loan "A"\r\nX', 3) == "Loan A X – version 3.json"
    assert template_export_name("///", 1) == "Template – version 1.json"
