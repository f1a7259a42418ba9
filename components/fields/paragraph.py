"""A paragraph of guidance inside a wizard step: layout only, the label is the plain text
(line breaks kept; no HTML, so nothing needs sanitising)."""

from components.fields.heading import HeadingComponent
from components.registry import register


class ParagraphComponent(HeadingComponent):
    name = "paragraph"
    macro = "paragraph"


paragraph = register(ParagraphComponent())
