"""/schema: the API reference as a page of this instance, made from the OpenAPI schema.

Litestar's reference pages (Redoc, Swagger, Elements, RapiDoc) load their scripts and
fonts from CDNs, which formseal's Content-Security-Policy (`script-src 'self'`) refuses:
/schema was a blank page, and an instance without internet access could never show them.
This page is rendered on the server from the same schema, with no script; the schema
itself stays at /schema/openapi.json (and .yaml) for client generators.
"""

import json
from typing import Any

from litestar import Request
from litestar.openapi.plugins import JsonRenderPlugin, OpenAPIRenderPlugin, YamlRenderPlugin
from markupsafe import Markup, escape

from runtime.themes import themed

METHODS = ("get", "post", "put", "patch", "delete")


class ReferencePage(OpenAPIRenderPlugin):
    """The page at /schema itself."""

    def __init__(self) -> None:
        super().__init__(path="/")

    def render(self, request: Request, openapi_schema: dict[str, Any]) -> bytes:
        engine = request.app.template_engine
        assert engine is not None  # create_app always configures Jinja
        template = engine.get_template(themed("pages/api_reference.html", None))
        info = openapi_schema.get("info", {})
        context = {
            "info": info,
            "description": with_code(info.get("description", "")),
            "groups": groups(openapi_schema),
        }
        return template.render(**context).encode()


def with_code(text: str) -> Markup:
    """`a` as <code>a</code>, everything else escaped (the schema's text is Markdown)."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: leave the text as it is
        return escape(text)
    return Markup("").join(
        Markup("<code>{}</code>").format(part) if i % 2 else escape(part)
        for i, part in enumerate(parts)
    )


def render_plugins() -> list[OpenAPIRenderPlugin]:
    return [ReferencePage(), JsonRenderPlugin(), YamlRenderPlugin()]


def groups(schema: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The /api/ operations by their first tag, in the order the schema lists them."""
    by_tag: dict[str, list[dict[str, Any]]] = {}
    for path, item in schema.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for method in METHODS:
            if method in item:
                operation = _operation(schema, method, path, item[method])
                by_tag.setdefault(operation["tag"], []).append(operation)
    return list(by_tag.items())


def _operation(schema: dict[str, Any], method: str, path: str, op: dict[str, Any]) -> dict:
    body = op.get("requestBody", {}).get("content", {})
    return {
        "id": f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", ""),
        "tag": (op.get("tags") or ["other"])[0],
        "method": method.upper(),
        "path": path,
        "summary": op.get("summary", ""),
        "parameters": [_parameter(schema, p) for p in op.get("parameters", [])],
        "body": [
            (media, _fields(schema, content.get("schema", {})), _examples(content))
            for media, content in body.items()
        ],
        "responses": [
            (
                status,
                with_code(answer.get("description", "")),
                list(answer.get("content", {})),
                [e for c in answer.get("content", {}).values() for e in _examples(c)],
            )
            for status, answer in sorted(op.get("responses", {}).items())
        ],
    }


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema.get("components", {}).get("schemas", {}).get(node["$ref"].split("/")[-1], {})
    return node


def _type(schema: dict[str, Any], node: dict[str, Any]) -> str:
    node = _resolve(schema, node)
    if "oneOf" in node or "anyOf" in node:
        kinds = [_type(schema, n) for n in node.get("oneOf", node.get("anyOf", []))]
        return " or ".join(k for k in kinds if k != "null") + (
            " or null" if "null" in kinds else ""
        )
    kind = node.get("type", "object")
    kind = " or ".join(kind) if isinstance(kind, list) else kind
    if kind == "array" and "items" in node:
        kind = f"array of {_type(schema, node['items'])}"
    limits = [
        f"{k} {node[k]}"
        for k in ("format", "minimum", "maximum", "minLength", "maxLength")
        if k in node
    ]
    if "enum" in node:
        limits.append("one of " + ", ".join(map(str, node["enum"])))
    return f"{kind} ({', '.join(limits)})" if limits else kind


def _parameter(schema: dict[str, Any], parameter: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": parameter.get("name", ""),
        "where": parameter.get("in", ""),
        "required": bool(parameter.get("required")),
        "type": _type(schema, parameter.get("schema", {})),
        "description": with_code(parameter.get("description", "")),
    }


def _fields(schema: dict[str, Any], node: dict[str, Any]) -> list[dict[str, Any]]:
    node = _resolve(schema, node)
    required = set(node.get("required", []))
    return [
        {
            "name": name,
            "required": name in required,
            "type": _type(schema, field),
            "description": with_code(_resolve(schema, field).get("description", "")),
        }
        for name, field in node.get("properties", {}).items()
    ]


def _examples(content: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (example.get("summary", ""), json.dumps(example.get("value"), indent=2, ensure_ascii=False))
        for example in content.get("examples", {}).values()
    ]
