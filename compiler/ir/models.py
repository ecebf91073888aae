"""Pydantic IR models, generated from the block schemas (the one source of truth).

Each block kind gets a frozen, `extra="forbid"` model with a `block_kind` literal and a `block_id`; nested
blocks become lists (`components`, `items`); calls become discriminated unions on `kind`. The
models are built on first use, so `recipec check` never imports pydantic.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, create_model

from recipec.compiler.schema import types as t
from recipec.compiler.schema.block import BlockSchema, NestedSchema
from recipec.compiler.schema.kinds import BLOCK_KINDS
from recipec.compiler.schema.languages import LANGUAGES

IR_CONFIG = ConfigDict(frozen=True, extra="forbid")

# nested kind -> (IR field name, IR field holding the label)
NESTED_FIELDS = {"component": ("components", "block"), "item": ("items", "name")}


class IRModel(BaseModel):
    model_config = IR_CONFIG


def annotation(value_type: t.Type, name: str) -> Any:
    """The pydantic annotation of a schema type; `name` names generated sub-models."""
    if isinstance(value_type, t.Optional):
        return annotation(value_type.inner, name) | None
    if isinstance(value_type, t.Number):
        base = int if value_type.integer else float
        return Annotated[base, Field(ge=value_type.min, le=value_type.max)]
    if isinstance(value_type, t.Fraction):
        return Annotated[float, Field(ge=0, le=1)]
    if isinstance(value_type, t.Count):
        return Annotated[int, Field(ge=value_type.min)]
    if isinstance(value_type, t.Duration):
        return Annotated[float, Field(ge=0)]
    if isinstance(value_type, t.Bytes):
        return Annotated[int, Field(ge=0)]
    if isinstance(value_type, t.Bool):
        return bool
    if isinstance(value_type, t.Enum):
        return Literal[value_type.values]
    if isinstance(value_type, t.Language):
        return Literal[LANGUAGES]
    if isinstance(value_type, (t.Ref, t.Str)):  # Path, Template and block ids are strings
        return str
    if isinstance(value_type, t.ListOf):
        return tuple[annotation(value_type.item, name), ...]
    if isinstance(value_type, t.OneOf):
        return Union[tuple(annotation(o, name) for o in value_type.options)]
    if isinstance(value_type, t.MapOf):
        return dict[str, annotation(value_type.value, name)]
    if isinstance(value_type, t.Object):
        return _object_model(value_type, name)
    if isinstance(value_type, t.CallOf):
        options = tuple(constructor_model(c) for c in value_type.constructors.values())
        union = options[0] if len(options) == 1 else Union[options]
        return Annotated[union, Field(discriminator="kind")] if len(options) > 1 else union
    if isinstance(value_type, t.Json):
        return Any
    raise TypeError(f"no IR annotation for {value_type!r}")


def _fields(attrs: dict[str, t.Attr], name: str) -> dict[str, tuple]:
    fields = {}
    for attr_name, attr in attrs.items():
        hint = annotation(attr.type, f"{name}_{attr_name}")
        default = ... if attr.required else attr.default
        fields[attr_name] = (hint, Field(default, description=attr.doc or None))
    return fields


def _object_model(value_type: t.Object, name: str) -> type[BaseModel]:
    return create_model(_camel(name), __base__=IRModel, **_fields(value_type.fields, name))


_constructor_models: dict[str, type[BaseModel]] = {}


def constructor_model(constructor: t.Constructor) -> type[BaseModel]:
    if constructor.name not in _constructor_models:
        name = constructor.name.replace(".", "_")
        _constructor_models[constructor.name] = create_model(
            _camel(name) + "Call", __base__=IRModel, __doc__=constructor.doc or None,
            kind=(Literal[constructor.name], ...), **_fields(constructor.params, name))
    return _constructor_models[constructor.name]


def _nested_model(schema: NestedSchema, owner: str) -> type[BaseModel]:
    field_name, label_field = NESTED_FIELDS[schema.kind]
    return create_model(_camel(f"{owner}_{schema.kind}"), __base__=IRModel,
                        __doc__=schema.doc or None, **{label_field: (str, ...)},
                        **_fields(schema.attrs, f"{owner}_{schema.kind}"))


@lru_cache(maxsize=None)
def block_model(kind: str) -> type[BaseModel]:
    schema: BlockSchema = BLOCK_KINDS[kind]
    fields = _fields(schema.attrs, kind)
    for nested in schema.nested.values():
        field_name, _ = NESTED_FIELDS[nested.kind]
        fields[field_name] = (tuple[_nested_model(nested, kind), ...], ())
    return create_model(_camel(kind), __base__=IRModel, __doc__=schema.doc,
                        block_kind=(Literal[kind], ...), block_id=(str, ...), **fields)


def any_block() -> Any:
    models = tuple(block_model(kind) for kind in BLOCK_KINDS)
    return Annotated[Union[models], Field(discriminator="block_kind")]


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.replace(".", "_").split("_"))
