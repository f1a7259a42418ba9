"""Examples on the OpenAPI operations at /schema.

Litestar 2.25 puts `ResponseSpec.examples` on responses but has no place for request-body
examples, and handlers that read the raw body (template import, verify, bulk upload) have
no request body in the schema at all. `documented(...)` returns an `operation_class` that
fills both in, so a handler needs one keyword: `@post(..., operation_class=documented(...))`.
The examples themselves live in examples.py and its examples_*.py siblings.
"""

from dataclasses import dataclass
from typing import Any

from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example, OpenAPIMediaType, Operation, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType


@dataclass
class AsAnswered(Example):
    """An example whose value is written as the API answers it. Litestar leaves out every
    `None` of a schema object, and of the dicts inside it too: the envelope examples lost
    `"completed_at": null`, `"decline_reason": null` and the like, so a client written
    against /schema did not know those keys exist."""

    def to_schema(self) -> dict[str, Any]:
        schema = super().to_schema()
        if self.value is not None:
            schema["value"] = self.value
        return schema


def response(description: str, value: dict[str, Any]) -> ResponseSpec:
    """A documented answer with one example, for a handler's `responses=`."""
    return ResponseSpec(
        data_container=dict[str, Any],
        description=description,
        examples=[AsAnswered(summary=description, value=value)],
        generate_examples=False,
    )


def _example(summary: str, value: Any) -> Example:
    return AsAnswered(summary=summary, value=value)


def documented(
    *,
    request: tuple[str, Any] | None = None,
    request_media_type: str = "application/json",
    request_schema: Schema | None = None,
    responses: dict[int, list[tuple[str, Any]]] | None = None,
) -> type[Operation]:
    """An Operation class that adds these examples to the generated operation.

    `request` is (summary, value); `request_schema` replaces the request body's schema (a
    form whose fields the handler reads itself); `responses` maps a status code to
    (summary, value) pairs.
    """

    @dataclass
    class DocumentedOperation(Operation):
        def __post_init__(self) -> None:
            if request is not None:
                self._request_example(*request)
            for status, examples in (responses or {}).items():
                self._response_examples(str(status), examples)

        def _request_example(self, summary: str, value: Any) -> None:
            body = self.request_body
            if not isinstance(body, RequestBody):
                schema = Schema(type=OpenAPIType.OBJECT)
                if request_media_type != "application/json":
                    schema = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
                body = RequestBody(
                    required=True, content={request_media_type: OpenAPIMediaType(schema=schema)}
                )
                self.request_body = body
            for media in body.content.values():
                media.examples = {"example": _example(summary, value)}
                if request_schema is not None:
                    media.schema = request_schema

        def _response_examples(self, status: str, examples: list[tuple[str, Any]]) -> None:
            answer = (self.responses or {}).get(status)
            content = getattr(answer, "content", None)
            if not content:
                return
            for media in content.values():
                media.examples = {
                    f"example{i + 1}" if i else "example": _example(summary, value)
                    for i, (summary, value) in enumerate(examples)
                }

    return DocumentedOperation
