"""The OpenAPI document: Litestar's, plus what the models enforce but Litestar leaves unsaid.

Gaps found by schemathesis against the served document, and by generating a client:
- request models that reject unknown fields (StrictModel) must say
  `additionalProperties: false`, or generated clients send extras that get 422;
  response models must not, since the service may add fields (API.md) and a
  strict client would break on them;
- `float | int` comes out as oneOf [number, integer], which every integer
  matches twice (so no integer is valid); the contract's type is a JSON number;
- an article's text is refused when it is blank (whitespace and invisible
  characters only) or holds a NUL character (its validator), which the document states as a pattern;
- with API keys on, the protected operations declare how to send one.
"""

from __future__ import annotations

from collections.abc import Iterator

from litestar import Litestar
from litestar.openapi.spec import Components, Reference, RequestBody, Schema, SecurityScheme
from litestar.openapi.spec.enums import OpenAPIType

from service.core.records import HTTP_URL, INVISIBLE, StrictModel, StructureRequest
from service.http.auth import PROTECTED

_NUMBERS = {OpenAPIType.NUMBER, OpenAPIType.INTEGER}
# Something other than whitespace and invisible characters, and no NUL anywhere:
# StructureRequest.text_has_content.
# Whitespace is what str.strip() removes, spelled out: \s means other sets in ECMA-262 (the
# JSON Schema's regexes: U+FEFF, not U+001C-U+001F or U+0085) and in Python.
_SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_ARTICLE_TEXT = r"^[^\x00]*[^\x00" + _SPACE + INVISIBLE + r"][^\x00]*$"


_SECURITY_SCHEMES = {
    "bearerKey": SecurityScheme(
        type="http", scheme="bearer", description="An API key as `Authorization: Bearer <key>`."
    ),
    "headerKey": SecurityScheme(
        type="apiKey", name="X-API-Key", security_scheme_in="header", description="An API key."
    ),
}


def state_what_models_enforce(app: Litestar, api_keys: bool = False) -> None:
    """Amend `app`'s (cached) OpenAPI document in place; call once, after all routes exist."""
    document = app.openapi_schema
    schemas = document.components.schemas or {}
    strict = {model.__name__ for model in _subclasses(StrictModel)} & _request_schemas(app)
    for name, schema in schemas.items():
        if name in strict:
            schema.additional_properties = False
        for field in (schema.properties or {}).values():
            if isinstance(field, Schema):
                _merge_number_union(field)
    articles: list[type[StrictModel]] = [StructureRequest, *_subclasses(StructureRequest)]
    for model in articles:  # a job's article too
        request = schemas.get(model.__name__)
        text = (request.properties or {}).get("text") if request else None
        if isinstance(text, Schema):
            text.pattern = _ARTICLE_TEXT
        # Litestar drops the pattern of an optional string: say it on the string option.
        url = (request.properties or {}).get("url") if request else None
        for option in url.one_of or [] if isinstance(url, Schema) else []:
            if isinstance(option, Schema) and option.type == OpenAPIType.STRING:
                option.pattern = HTTP_URL
    if api_keys:
        _declare_api_keys(app)


def _request_schemas(app: Litestar) -> set[str]:
    """Names of the component schemas a request body uses, directly or nested."""
    document = app.openapi_schema
    schemas = document.components.schemas or {}
    found: set[str] = set()
    pending = [
        media.schema
        for path in (document.paths or {}).values()
        for operation in (path.post, path.put, path.patch)
        if operation is not None and isinstance(operation.request_body, RequestBody)
        for media in operation.request_body.content.values()
    ]
    while pending:
        node = pending.pop()
        if isinstance(node, Reference):
            name = node.ref.rsplit("/", 1)[-1]
            if name not in found and name in schemas:
                found.add(name)
                pending.append(schemas[name])
        elif isinstance(node, Schema):
            pending.extend((node.properties or {}).values())
            pending.extend(node.one_of or [])
            pending.extend(node.any_of or [])
            pending.extend(node.all_of or [])
            if isinstance(node.items, Schema | Reference):
                pending.append(node.items)
    return found


def _declare_api_keys(app: Litestar) -> None:
    """The key schemes, and a requirement of one of them on every protected operation."""
    document = app.openapi_schema
    if document.components is None:
        document.components = Components()
    document.components.security_schemes = {
        **(document.components.security_schemes or {}),
        **_SECURITY_SCHEMES,
    }
    protected = {
        (route.path, method)
        for route in app.routes
        for handler in getattr(route, "route_handlers", [])
        if handler.opt.get(PROTECTED)
        for method in handler.http_methods
    }
    for path, item in (document.paths or {}).items():
        for method in ("get", "post", "put", "patch", "delete"):
            operation = getattr(item, method)
            if operation is not None and (path, method.upper()) in protected:
                operation.security = [{name: []} for name in _SECURITY_SCHEMES]


def _subclasses(model: type[StrictModel]) -> Iterator[type[StrictModel]]:
    for subclass in model.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def _merge_number_union(field: Schema) -> None:
    """oneOf [number, integer(, null)] becomes type number (or [number, null])."""
    options = field.one_of
    if not options or any(isinstance(o, Reference) or o.type is None for o in options):
        return
    types = {o.type for o in options if isinstance(o, Schema)}
    if not types >= _NUMBERS or not types <= _NUMBERS | {OpenAPIType.NULL}:
        return
    field.one_of = None
    nullable = OpenAPIType.NULL in types
    field.type = [OpenAPIType.NUMBER, OpenAPIType.NULL] if nullable else OpenAPIType.NUMBER
