"""Which values a body field takes, for msgspec's "Invalid enum value 'x'" (which names none).

The request's handler declares its body as `data: SomeStruct`; the path of the error
(`$.mode`, `$.items[0].kind`) leads through that type to the Literal that refused it.
"""

import re
from typing import Any

import msgspec.inspect as mi
from litestar import Request

_STEP = re.compile(r"\.(?P<name>[A-Za-z_][A-Za-z0-9_]*)|\[\d+\]")


def allowed_values(request: Request, path: str) -> list[str]:
    """The values the field at `path` ("$.mode") takes, or [] when that cannot be told."""
    handler = request.scope.get("route_handler")
    try:
        parameter = handler.parsed_fn_signature.parameters.get("data")  # type: ignore[union-attr]
        node: Any = mi.type_info(parameter.annotation) if parameter is not None else None
    except Exception:  # no handler, no body type, a type msgspec cannot describe
        return []
    for step in _STEP.finditer(path.removeprefix("$")):
        node = _unwrap(node)
        if step["name"] and isinstance(node, mi.StructType):
            node = next((f.type for f in node.fields if f.encode_name == step["name"]), None)
        elif not step["name"] and isinstance(node, (mi.ListType, mi.SetType, mi.VarTupleType)):
            node = node.item_type
        else:
            return []
    node = _unwrap(node)
    return [str(v) for v in node.values] if isinstance(node, mi.LiteralType) else []


def _unwrap(node: Any) -> Any:
    """Through `Annotated[…, Meta(...)]` and `X | None` to the type itself."""
    while True:
        if isinstance(node, mi.Metadata):
            node = node.type
        elif isinstance(node, mi.UnionType):
            kinds = [t for t in node.types if not isinstance(t, mi.NoneType)]
            if len(kinds) != 1:
                return node
            node = kinds[0]
        else:
            return node
