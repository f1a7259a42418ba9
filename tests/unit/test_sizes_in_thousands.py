"""Sizes formseal names count MB of 1,000,000 bytes and KB of 1,000, as the designer's
*Largest file (MB)* box and signers' limits do: the bulk-send file (20 MB), a company
stamp (2 MB), FORMSEAL_MAX_UPLOAD_BYTES's default (20 MB) and an uploaded file's size in
answers, on the review page and in the sealed PDF were in 1,024s, so a 20,500,000-byte
bulk file ("20.5 MB" anywhere else) was taken under "at most 20 MB"."""

from dataclasses import replace

import pytest

from components import get_component
from runtime.errors import Invalid
from runtime.i18n import use_language
from runtime.i18n.jinja import file_size
from runtime.settings import Settings


def test_the_bulk_send_file_is_at_most_20_million_bytes() -> None:
    from runtime.bulk.tables_io import MAX_FILE_BYTES, read_rows

    assert MAX_FILE_BYTES == 20_000_000
    with pytest.raises(Invalid, match=r"^The file is larger than 20 MB\.$"):
        read_rows(b"a,b\n" + b"x" * 20_000_000)


def test_a_stamp_is_at_most_2_million_bytes() -> None:
    from runtime.stamps.images import StampImageError, clean_stamp_image

    over = b"\x89PNG\r\n\x1a\n" + b"\0" * 2_040_000  # 1.9 MB of 1,048,576: taken before
    with pytest.raises(StampImageError, match=r"The image is 2\.1 MB; stamps may be at most 2 MB"):
        clean_stamp_image(over)


def test_the_servers_default_upload_limit_is_20_million_bytes() -> None:
    from runtime.signing.views import SIGNATURE_UPLOAD_MAX, upload_cap

    assert Settings().max_upload_bytes == 20_000_000
    assert upload_cap(Settings()) == 20_000_000
    assert SIGNATURE_UPLOAD_MAX == 5_000_000
    assert file_size(upload_cap(Settings()), at_most=True) == "20 MB"


def test_bytes_an_operator_set_stay_and_read_rounded_down() -> None:
    """FORMSEAL_MAX_UPLOAD_BYTES=20971520 (the old default, set by hand) keeps its bytes;
    signers read it in MB of 1,000,000, never as more than it takes."""
    from components import Field
    from runtime.signing.views import limit_size_words, upload_cap

    cap = upload_cap(replace(Settings(), max_upload_bytes=20 * 1024 * 1024))
    assert cap == 20_971_520
    field = Field(key="f", component="attachment", label="F", validation={"max_size": 50_000_000})
    assert limit_size_words(field, cap) == "20.9 MB"


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (2_621_440, "2.6 MB"),
        (2_500_000, "2.5 MB"),
        (1_536, "1.5 KB"),
        (1_000, "1 KB"),
        (900, "900 bytes"),
    ],
    ids=["2.6MB", "2.5MB", "1.5KB", "1KB", "900B"],
)
def test_an_uploaded_files_size_reads_in_thousands(size: int, shown: str) -> None:
    """The review page (file_size) and the answers and sealed PDF (display) agree."""
    assert file_size(size) == shown
    ref = {"file_id": "a" * 32, "name": "scan.pdf", "size": size, "sha256": "0" * 64}
    assert get_component("attachment").display([ref]) == f"scan.pdf ({shown})"


def test_an_uploaded_files_size_in_french() -> None:
    with use_language("fr"):
        assert file_size(2_621_440) == "2,6\u202fMo"
        assert file_size(1_536) == "1,5\u202fko"
