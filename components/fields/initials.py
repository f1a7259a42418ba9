"""Initials: drawn in a small box or typed, stored like a signature ({"kind", ...})."""

from typing import Any

from components.fields.signature import SignatureComponent
from components.registry import register
from components.wording import word, worded


class InitialsComponent(SignatureComponent):
    name = "initials"
    macro = "initials"
    max_typed = 10

    def too_long_message(self) -> str:
        return f"Type your initials in {self.max_typed} characters or fewer"

    def missing_message(self, field: Any) -> str:
        return "Add your initials in the box, or type them"

    def display(self, value: Any, field: Any = None) -> str:
        if not value:
            return ""
        if value.get("kind") == "drawn":
            return word("Initialled (drawn)")
        return worded("Initialled: %(name)s", name=str(value["text"]))


initials = register(InitialsComponent())
