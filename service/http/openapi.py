"""The OpenAPI document: Litestar's, plus what the models enforce but Litestar leaves unsaid.

Two gaps, both found by schemathesis against the served document:
- models that reject unknown fields (StrictModel) must say
  `additionalProperties: false`, or generated clients send extras that get 422;
- `float | int` comes out as oneOf [number, integer], which every integer
  matches twice (so no integer is valid); the contract's type is a JSON number.
"""

from __future__ import annotations

from collections.abc import Iterator

from litestar import Litestar
from litestar.openapi.spec import Reference, Schema
from litestar.openapi.spec.enums import OpenAPIType

from service.core.records import StrictModel

_NUMBERS = {OpenAPIType.NUMBER, OpenAPIType.INTEGER}


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
