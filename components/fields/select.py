"""A drop-down list: one value out of `Field.options`."""

from components.fields._choice import ChoiceComponent
from components.registry import register


class SelectComponent(ChoiceComponent):
    name = "select"
    macro = "select"


select = register(SelectComponent())
