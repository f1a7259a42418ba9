"""The first heading an author adds to a document is its title: it was a numbered section,
so an employment contract's PDF began "1 Employment contract", with the preamble as 1.1."""

from designer.document.blocks import add_block, blocks


def test_the_first_heading_is_the_title_and_later_ones_are_numbered_sections() -> None:
    d: dict = {"document": [{"kind": "paragraph", "html": "<p>Preamble.</p>"}]}
    add_block(d, "heading", 0)
    add_block(d, "heading")
    add_block(d, "heading")
    levels = [b.get("level") for b in blocks(d) if b["kind"] == "heading"]
    assert levels == [1, 2, 2]


def test_a_document_without_headings_gets_its_title_first() -> None:
    d: dict = {"document": [{"kind": "signature", "role": "employee"}]}
    add_block(d, "heading")
    assert blocks(d)[-1]["level"] == 1
