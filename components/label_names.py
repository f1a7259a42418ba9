"""Where a template's labels are worded from: its language and its text (components/wording.py,
`LabelSource`). A label's first word, and any word of a Title Case label, keeps its capital
inside a message when the template writes that word with a capital in the middle of a
sentence somewhere: in the document's paragraphs, a description, a help text, an option or
another label; a line in Title Case ("Full Name") names nothing (docs/authoring.md, "Labels
inside a message")."""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from components.wording import LabelSource

if TYPE_CHECKING:
    from components.definition import Definition, Field


def label_source(definition: "Definition") -> LabelSource:
    """The labels of `definition`, written in its language; its text read when first needed."""
    return LabelSource(definition.language, lambda: template_texts(definition))


def template_texts(definition: "Definition") -> Iterator[str]:
    """The running text of a template in which a name may stand mid-sentence. Not headings
    nor section titles, often written in Title Case."""
    yield definition.description
    for block in definition.document:
        html = getattr(block, "html", None)
        if isinstance(html, str):
            yield html
    for section in definition.sections:
        yield section.description
        for field in section.fields:
            yield from _field_texts(field)


def _field_texts(field: "Field") -> Iterator[str]:
    yield field.label
    yield field.help
    for option in field.options:
        yield option.label
    for column in field.fields:  # a repeating group's columns
        yield from _field_texts(column)
