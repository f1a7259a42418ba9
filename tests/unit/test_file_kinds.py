"""An attachment's kind of file in words, in every language a sealed PDF is written in."""

import pytest

from runtime.i18n import LANGUAGES, use_language
from runtime.sealing.file_kinds import KINDS, file_kind

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_known_types_by_name_others_by_extension() -> None:
    with use_language("en"):
        assert file_kind(DOCX, "contract.docx") == "Word document (.docx)"
        assert file_kind("text/plain; charset=utf-8", "x") == "Text file (.txt)"
        assert file_kind("application/zip", "Scans.ZIP") == "ZIP file (.zip)"
        assert file_kind("", "README") == "File of unknown type"
        assert file_kind("", ".hidden") == "File of unknown type"


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_every_language_words_every_kind(code: str) -> None:
    with use_language(code):
        for media in KINDS:
            words = file_kind(media, "")
            assert "/" not in words and words.endswith(")"), (code, words)
        assert ".zip" in file_kind("application/zip", "a.zip")
    if code != "en":
        with use_language(code):
            assert file_kind(DOCX, "") != "Word document (.docx)"
