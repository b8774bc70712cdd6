"""The OpenAPI document: Litestar's, plus what the models enforce but Litestar leaves unsaid.

Three gaps, all found by schemathesis against the served document:
- models that reject unknown fields (StrictModel) must say
  `additionalProperties: false`, or generated clients send extras that get 422;
- `float | int` comes out as oneOf [number, integer], which every integer
  matches twice (so no integer is valid); the contract's type is a JSON number;
- an article's text is refused when it is blank or holds a NUL character (its
  validator), which the document states as a pattern.
"""

from __future__ import annotations

from collections.abc import Iterator

from litestar import Litestar
from litestar.openapi.spec import Reference, Schema
from litestar.openapi.spec.enums import OpenAPIType

from service.core.records import StrictModel, StructureRequest

_NUMBERS = {OpenAPIType.NUMBER, OpenAPIType.INTEGER}
# Something other than whitespace, and no NUL anywhere: StructureRequest.text_has_content.
_ARTICLE_TEXT = r"^[^\x00]*[^\s\x00][^\x00]*$"


def state_what_models_enforce(app: Litestar) -> None:
    """Amend `app`'s (cached) OpenAPI document in place; call once, after all routes exist."""
    schemas = app.openapi_schema.components.schemas or {}
    strict = {model.__name__ for model in _subclasses(StrictModel)}
    for name, schema in schemas.items():
        if name in strict:
            schema.additional_properties = False
        for field in (schema.properties or {}).values():
            if isinstance(field, Schema):
                _merge_number_union(field)
    request = schemas.get(StructureRequest.__name__)
    text = (request.properties or {}).get("text") if request else None
    if isinstance(text, Schema):
        text.pattern = _ARTICLE_TEXT


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
