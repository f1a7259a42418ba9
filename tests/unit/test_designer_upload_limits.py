"""The limits the designer's upload boxes check in the browser (data-max-bytes) are the
ones the server applies: a template written with a stale number would refuse good files
or send ones the server then refuses."""

from pathlib import Path

from designer.document.docx import MAX_DOCX_BYTES
from designer.library.service import MAX_DEFINITION_BYTES

THEME = Path(__file__).resolve().parents[2] / "themes" / "default"


def test_the_upload_boxes_announce_the_servers_limits() -> None:
    library = (THEME / "pages/designer/library.html").read_text()
    document = (THEME / "partials/designer/_document_workspace.html").read_text()
    assert f'data-max-bytes="{MAX_DOCX_BYTES}"' in library
    assert f'data-max-bytes="{MAX_DEFINITION_BYTES}"' in library
    assert f'data-max-bytes="{MAX_DOCX_BYTES}"' in document
    # MB of 1,000,000 bytes, as the page's script words a file's size (designer.js)
    assert "up to 10 MB" in library and MAX_DOCX_BYTES == 10_000_000
    assert "up to 2 MB" in library and MAX_DEFINITION_BYTES == 2_000_000
