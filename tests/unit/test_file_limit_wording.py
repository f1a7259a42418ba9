"""One rule for a file upload's limit (components/fields/file_limit.py): the designer's
*Largest file (MB)* box counts MB of 1,000,000 bytes, and what the author types there is
what signers are told (0.1 -> "100 KB", 2.5 -> "2.5 MB", 5 -> "5 MB"). Limits stored in
1,024s read as they did (204,800 "200 KB", 5,242,880 "5 MB", 104,857 "102.4 KB")."""

import pytest

from components.fields.file_limit import in_megabytes, limit_words
from runtime import i18n
from runtime.i18n.jinja import limit_size
from runtime.i18n.messages import translate_message

MIB = 1024 * 1024

# bytes stored, what signers read, what the designer's box shows
TABLE = [
    (1_000, "1 KB", "0.001"),  # the smallest the box sets
    (100_000, "100 KB", "0.1"),
    (250_000, "250 KB", "0.25"),
    (999_000, "999 KB", "0.999"),
    (1_000_000, "1 MB", "1"),
    (1_500_000, "1.5 MB", "1.5"),
    (2_500_000, "2.5 MB", "2.5"),  # read "2.4 MB" (in 1,024s) before
    (2_048_000, "2.048 MB", "2.048"),  # the decimals typed, none rounded away
    (5_000_000, "5 MB", "5"),
    (20_000_000, "20 MB", "20"),
    (100_000_000, "100 MB", "100"),
    (128_000, "128 KB", "0.128"),  # whole in both KB: as the box sets it (was "125 KB")
    # stored in 1,024s (the box's old MB of 1,048,576, the API, an import): as before
    (204_800, "200 KB", "0.2"),
    (512 * 1024, "512 KB", "0.512"),
    (MIB, "1 MB", "1"),
    (1_572_864, "1.5 MB", "1.5"),
    (5 * MIB, "5 MB", "5"),
    (10 * MIB, "10 MB", "10"),
    (100 * MIB, "100 MB", "100"),
    (104_857, "102.4 KB", "0.1024"),  # 0.1 typed in the old box: as signers read it
    (1_258_291, "1.2 MB", "1.2"),  # 1.2 typed in the old box
    (100_001, "97.7 KB", "0.0977"),  # no figure set: as a file's size reads
    (999, "999 bytes", "0.000999"),
]


@pytest.mark.parametrize(("count", "words", "box"), TABLE, ids=[str(row[0]) for row in TABLE])
def test_a_limit_reads_the_same_to_signers_and_in_the_box(count: int, words: str, box: str) -> None:
    assert limit_words(count) == words  # the server's refusal (components/)
    assert limit_size(count) == words  # the hint and the page script's refusal
    assert in_megabytes(count) == box


@pytest.mark.parametrize(
    ("count", "french"),
    [
        (100_000, "100\u202fko"),
        (2_500_000, "2,5\u202fMo"),
        (2_048_000, "2,048\u202fMo"),
        (204_800, "200\u202fko"),
        (5 * MIB, "5\u202fMo"),
    ],
    ids=["100000", "2500000", "2048000", "204800", "5MiB"],
)
def test_a_limit_in_french(count: int, french: str) -> None:
    with i18n.use_language("fr"):
        assert limit_size(count) == french
        # the server's English refusal, translated: the figure as written, not via 1,024s
        refusal = translate_message(f"The selected file must be smaller than {limit_words(count)}")
        assert refusal.endswith(french)
