"""What /schema says about every API operation that Litestar cannot know by itself.

Litestar describes a failed request as its own `{"status_code", "detail", "extra"}` body
(`application/json`), names no authentication and lists no 401 or 403. The API answers
every error as an RFC 9457 problem document (runtime/web/errors.py) and takes a bearer key,
so a client generated from the schema would read every error wrongly and send no key.
`describe_api(app)` gives each `/api/` operation the bearer requirement and the problem
responses it can give; `SECURITY` goes into the OpenAPI config's components.
"""

import inspect
from dataclasses import dataclass
from typing import Any, ClassVar

from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.spec import (
    Components,
    Example,
    OpenAPIMediaType,
    OpenAPIResponse,
    Operation,
    Schema,
    SecurityScheme,
)
from litestar.openapi.spec.enums import OpenAPIType

PROBLEM_MEDIA_TYPE = "application/problem+json"

PROBLEM = Schema(
    type=OpenAPIType.OBJECT,
    description="RFC 9457 problem details: `detail` is written for a person.",
    required=["type", "title", "status", "detail"],
    properties={
        "type": Schema(type=OpenAPIType.STRING, examples=["about:blank"]),
        "title": Schema(type=OpenAPIType.STRING, examples=["Invalid input"]),
        "status": Schema(type=OpenAPIType.INTEGER, examples=[422]),
        "detail": Schema(type=OpenAPIType.STRING),
        "errors": Schema(
            type=OpenAPIType.ARRAY,
            description=(
                "Each problem: `path` (a JSON path into the body) or `parameter` (a query "
                "parameter or form field), and `message`."
            ),
            items=Schema(
                type=OpenAPIType.OBJECT,
                required=["message"],
                properties={
                    "path": Schema(type=OpenAPIType.STRING, examples=["$.recipients[0].email"]),
                    "parameter": Schema(type=OpenAPIType.STRING, examples=["per_page"]),
                    "message": Schema(type=OpenAPIType.STRING),
                },
            ),
        ),
        "warnings": Schema(
            type=OpenAPIType.ARRAY,
            description=(
                "A template refused by the publish check: what it also warns about, as in "
                "a published template's `warnings`, so one round of fixes clears both."
            ),
            items=Schema(type=OpenAPIType.OBJECT),
        ),
    },
)

SECURITY = Components(
    security_schemes={
        "apiKey": SecurityScheme(
            type="http",
            scheme="bearer",
            description="An API key: `Authorization: Bearer fs_…` (formseal apikey create).",
        )
    },
)

#: the problems any API operation can answer, and those of operations on one object
EVERY = {
    "401": "No API key, or an unknown or revoked one",
    "403": "The API key lacks the scope this operation needs",
    "429": "Over the API key's requests per minute (`Retry-After` says when to try again)",
}
ONE_OBJECT = {"404": "No such id in the API key's organisation"}
#: the problem of an operation that takes a `template_id` (in its body or a parameter)
UNKNOWN_TEMPLATE = {
    "404": "The `template_id` is not a template of the API key's organisation (nor one "
    "shared with it)"
}
INVALID = (
    "A key of the body or a parameter is missing, unknown, of the wrong type or out of "
    "range, or what was sent does not fit: `errors` names each (`path` or `parameter`)"
)
TOO_LARGE = "The request body is larger than this operation accepts"
BAD_REQUEST = "The request body cannot be read: it is empty, not JSON, or nested too deeply"


def _problem(
    description: str, examples: list[tuple[str, dict[str, Any]]] | None = None
) -> OpenAPIResponse:
    """A problem response; `examples`: (summary, problem document) pairs, as answered."""
    media = OpenAPIMediaType(schema=PROBLEM)
    if examples:
        media.examples = {
            f"example{i + 1}" if i else "example": Example(summary=summary, value=value)
            for i, (summary, value) in enumerate(examples)
        }
    return OpenAPIResponse(description=description, content={PROBLEM_MEDIA_TYPE: media})


@dataclass  # so that its __init__ calls __post_init__ (Operation's does not)
class ApiOperation(Operation):
    """An API operation: a bearer key, and its errors as problem documents."""

    #: whether the path names an object (`/{id}`), so it can answer 404
    one_object = False
    #: other problems the handler gives (status: description): its `opt["problems"]`, and
    #: 413 when it reads a request body
    extra_problems: ClassVar[dict[str, str]] = {}
    #: a GET: it refuses query parameters it does not take (runtime/api/query_check.py)
    reads_query = False
    #: the largest `per_page` the operation takes: its handler's `opt["max_per_page"]`
    max_per_page: ClassVar[int | None] = None
    #: examples of its problems (status: [(summary, problem)]): its `opt["problem_examples"]`
    #: (runtime/api/examples_conflicts.py)
    problem_examples: ClassVar[dict[str, list[tuple[str, dict[str, Any]]]]] = {}

    def __post_init__(self) -> None:
        parent = getattr(super(), "__post_init__", None)
        if parent is not None:  # an operation with examples (runtime/api/examples.py)
            parent()
        self.security = [{"apiKey": []}]
        responses: dict[str, Any] = dict(self.responses or {})
        # Litestar declares a 400 with its own body for any parameter: a wrong parameter is
        # a 422 here (docs/api.md), and a 400 only a body that cannot be read (extra_problems)
        responses.pop("400", None)
        problems = {**EVERY, **(ONE_OBJECT if self.one_object else {}), **self.extra_problems}
        for status, description in problems.items():
            examples = self.problem_examples.get(status)
            responses.setdefault(status, _problem(description, examples))
        _declare_paging(self.parameters or [], self.max_per_page)
        queries = any(getattr(p, "param_in", "") == "query" for p in self.parameters or [])
        if self.request_body or self.reads_query or queries:
            responses.setdefault("422", _problem(INVALID))
        self.responses = responses


def describe_api(app: Litestar) -> None:
    """Give every /api/ handler an ApiOperation (kept lazy: the schema is built when asked)."""
    for route in app.routes:
        if not route.path.startswith("/api/"):
            continue
        for handler in getattr(route, "route_handlers", []):
            if not isinstance(handler, HTTPRouteHandler):
                continue
            base = handler.operation_class
            if issubclass(base, ApiOperation):
                continue
            attributes = {
                "one_object": "{" in route.path,
                "extra_problems": _extra(handler),
                "max_per_page": handler.opt.get("max_per_page"),
                "problem_examples": handler.opt.get("problem_examples", {}),
                "reads_query": "GET" in handler.http_methods,
            }
            handler.operation_class = type(f"Api{base.__name__}", (ApiOperation, base), attributes)


def _extra(handler: HTTPRouteHandler) -> dict[str, str]:
    """The problems named in the handler's `opt["problems"]`, and 400 and 413 when it reads
    a body (Litestar refuses one over the handler's `request_max_body_size` before it runs)."""
    extra = dict(handler.opt.get("problems", {}))
    reads_body = {"data", "request"} & set(inspect.signature(handler.fn).parameters)
    if reads_body and {"POST", "PUT", "PATCH"} & set(handler.http_methods):
        extra.setdefault("400", BAD_REQUEST)
        extra.setdefault("413", TOO_LARGE)
    return extra


def _declare_paging(parameters: list[Any], max_per_page: int | None) -> None:
    """`page` and `per_page` with the minimum and maximum the code checks (each list has its
    own `per_page` limit, named by its handler)."""
    from runtime import paging

    maximum = {"page": paging.MAX_PAGE, "per_page": max_per_page}
    for parameter in parameters:
        name = getattr(parameter, "name", "")
        schema = getattr(parameter, "schema", None)
        if getattr(parameter, "param_in", "") == "query" and name in maximum and schema:
            schema.minimum = 1
            schema.maximum = maximum[name]
