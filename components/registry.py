"""The one registry of components, read by the wizard, validation and the PDF renderer.

Adding a field type means adding a module in components/fields/ and its macro in themes/.
"""

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal

from components.errors import FieldError
from components.wording import asks_for

if TYPE_CHECKING:
    from components.definition import Field


#: the kinds of value lint reasons about ("none": layout only)
ValueType = Literal["string", "number", "date", "boolean", "list", "object", "none"]


class Component:
    """Base class: how a field type reads, validates, normalises and displays a value."""

    name: str = ""
    #: the name of the Jinja2 macro in themes/<theme>/partials/_fields.html
    macro: str = "text"
    #: False when the signer enters nothing: layout-only components and computed values
    holds_value: bool = True
    #: False for values only the signing itself may give (signatures, stamps, uploads): the
    #: API, signed links and bulk sends cannot fill them in beforehand
    prefillable: bool = True
    #: True for headings and paragraphs: no value at all, never in the answers or the PDF table
    layout_only: bool = False
    #: what a condition sees, for lint's type checks
    value_type: ValueType = "string"
    #: the `validation` settings this component reads; lint warns about any other key
    validation_keys: frozenset[str] = frozenset()
    #: which of the Field attributes `options`, `expression`, `fields` it reads
    field_parts: frozenset[str] = frozenset()

    @property
    def can_be_prefilled(self) -> bool:
        """A value may be given before signing: it holds one, and not only the signing may."""
        return self.holds_value and self.prefillable

    def read(self, form: Mapping[str, Any], key: str) -> Any:
        """The raw value posted for `key`; components with several inputs override this."""
        return form.get(key)

    def clean(self, raw: Any, field: "Field") -> Any:
        """Normalise a raw value; None when empty. Raises FieldError with a signer-facing message."""
        if raw is None:
            return None
        text = str(raw).strip()
        if not text:
            return None
        return self.normalise(text, field)

    def normalise(self, text: str, field: "Field") -> Any:
        return text

    def validate(self, raw: Any, field: "Field") -> Any:
        """clean() plus the required check; what the wizard and the API call."""
        value = self.clean(raw, field)
        if value is None and field.required:
            raise self.missing_error(raw, field)
        return value

    def missing_error(self, raw: Any, field: "Field") -> FieldError:
        """The problem of a required field left without an answer (`raw`: what came)."""
        return FieldError(self.missing_message(field))

    def starting_value(self, field: "Field") -> Any:
        """The field's `default` as the wizard shows it before the signer answers: cleaned
        like a typed value (so the page shows what Continue would store). None when there
        is no default, it is no valid answer, or only the signing itself may give a value."""
        if field.default is None or not self.can_be_prefilled:
            return None
        try:
            return self.clean(field.default, field)
        except FieldError:
            return None

    def missing_message(self, field: "Field") -> str:
        label = field.label.strip().rstrip(":")
        return asks_for(label, "Enter {label}", "Answer “{label}”")

    def display(self, value: Any, field: "Field | None" = None) -> str:
        """Plain text for the review step and the PDF; pass `field` for option labels."""
        return "" if value is None else str(value)

    def check_field(self, field: "Field") -> Iterator[tuple[str, str]]:
        """Problems with how a definition sets this component up, as (sub-path, message):
        e.g. ("validation.currency", "must be a 3-letter currency code"). Parse errors."""
        return iter(())

    def check_new_field(self, field: "Field") -> Iterator[tuple[str, str]]:
        """What a new version may no longer set, though a version stored before may and still
        loads (a limit lowered since): lint errors, so publishing refuses them, not parsing."""
        return iter(())


def starting_values(fields: "Iterable[Field]") -> dict[str, Any]:
    """The defaults of `fields` that the wizard starts them with (`starting_value`)."""
    found = {}
    for field in fields:
        if field.default is None:  # the common case, without a registry look-up
            continue
        component = get_component(field.component)
        value = component.starting_value(field) if component is not None else None
        if value is not None:
            found[field.key] = value
    return found


_REGISTRY: dict[str, Component] = {}


def register(component: Component) -> Component:
    if component.name in _REGISTRY:
        raise ValueError(f"component {component.name!r} is registered twice")
    _REGISTRY[component.name] = component
    return component


def get_component(name: str) -> Component | None:
    _load_builtin()
    return _REGISTRY.get(name)


def registered_components() -> dict[str, Component]:
    _load_builtin()
    return dict(_REGISTRY)


def _load_builtin() -> None:
    # Imported lazily so components/fields/* can import this module without a cycle.
    import components.fields  # noqa: F401
