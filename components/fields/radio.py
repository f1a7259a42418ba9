"""Radio buttons: one value out of `Field.options`, every option visible at once."""

from components.fields._choice import ChoiceComponent
from components.registry import register


class RadioComponent(ChoiceComponent):
    name = "radio"
    macro = "radio"


radio = register(RadioComponent())
