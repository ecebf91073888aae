"""Value types of attributes: each turns a resolved expression into a plain Python value.

A type records at most one diagnostic per mistake and returns `INVALID`, so a block with several
wrong attributes reports them all. Types know nothing of pydantic: `recipec check` stops before
the IR, and `compiler/ir/` maps these types onto pydantic annotations when it is needed.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from recipec.compiler.ast import (
    BlockRef, Call, Constant, Expr, ListExpr, ObjectExpr, Quantity, Reference, String,
)
from recipec.compiler.diagnostics.diagnostic import DiagnosticSink, Span
from recipec.compiler.diagnostics.suggest import did_you_mean
from recipec.compiler.schema import units
from recipec.compiler.schema.languages import LANGUAGE_ALIASES, LANGUAGES


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID = _Invalid()
REQUIRED = object()


@dataclass
class Converter:
    """What a type needs while converting: where to report, and where to record spans."""

    sink: DiagnosticSink
    spans: dict[tuple, Span] = field(default_factory=dict)
    base_dir: Callable[[Span], str] = lambda span: "."  # folder of the file a value is written in

    def error(self, code: str, expr: Expr | Span, message: str, label: str = "",
              help: str = "") -> _Invalid:
        span = expr if isinstance(expr, Span) else expr.span
        self.sink.error(code, span, message, label=label, help=help)
        return INVALID

    def wrong_type(self, expr: Expr, expected: str) -> _Invalid:
        return self.error("E0503", expr, f"expected {expected}, found {describe(expr)}",
                          label=f"expected {expected}")


def describe(expr: Expr) -> str:
    """What a value is, in words, for "expected X, found Y"."""
    if isinstance(expr, String):
        return "a string"
    if isinstance(expr, Quantity):
        return f"`{expr.text}`"
    if isinstance(expr, Constant):
        return {True: "`true`", False: "`false`", None: "`none`"}[expr.value]
    if isinstance(expr, BlockRef):
        return f"a reference to `{expr.written}` (a {expr.kind} block)"
    if isinstance(expr, Reference):
        return f"the name `{expr.dotted}`"
    if isinstance(expr, Call):
        return f"a call to `{expr.callee.dotted}`"
    if isinstance(expr, ListExpr):
        return "a list"
    if isinstance(expr, ObjectExpr):
        return "an object"
    return "a value"


class Type:
    """Base of all value types. `name` is how messages and docs call it."""

    name = "a value"

    def convert(self, expr: Expr, path: tuple, cx: Converter) -> Any:
        raise NotImplementedError

    def accepts(self, expr: Expr) -> bool:
        """A cheap shape test that `OneOf` uses to pick an alternative without diagnostics."""
        return True


@dataclass(frozen=True)
class Attr:
    """One attribute of a block, object or call: its type, default and documentation."""

    type: Type
    default: Any = REQUIRED
    doc: str = ""

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


# ====================================================================== scalars
class Str(Type):
    name = "a string"

    def accepts(self, expr):
        return isinstance(expr, String)

    def convert(self, expr, path, cx):
        return expr.value if isinstance(expr, String) else cx.wrong_type(expr, self.name)


class Path(Str):
    """A file, glob or URL. Relative paths are kept relative to the recipe that wrote them and
    made relative to the root recipe's folder by `lower_to_ir`, so a plan stays portable."""

    name = "a path (string)"

    def convert(self, expr, path, cx):
        value = super().convert(expr, path, cx)
        if value is INVALID:
            return INVALID
        if not value.strip():
            return cx.error("E0503", expr, "expected a path, found an empty string")
        return PathValue(value, cx.base_dir(expr.span))


class PathValue(str):
    """A path string that remembers the folder of the recipe that wrote it."""

    base_dir: str

    def __new__(cls, value: str, base_dir: str):
        self = super().__new__(cls, value)
        self.base_dir = base_dir
        return self


class Bool(Type):
    name = "`true` or `false`"

    def accepts(self, expr):
        return isinstance(expr, Constant) and expr.value is not None

    def convert(self, expr, path, cx):
        if isinstance(expr, Constant) and isinstance(expr.value, bool):
            return expr.value
        return cx.wrong_type(expr, self.name)


@dataclass(frozen=True)
class Number(Type):
    """An int or float, optionally bounded; `1M`, `32Ki` and the other count multipliers are
    accepted (`rope_theta = 1M`), other units are not."""

    integer: bool = False
    min: float | None = None
    max: float | None = None

    @property
    def name(self) -> str:
        return "an integer" if self.integer else "a number"

    def accepts(self, expr):
        return isinstance(expr, Quantity) and expr.unit in units.COUNT and expr.word is None

    def convert(self, expr, path, cx):
        if not isinstance(expr, Quantity):
            return cx.wrong_type(expr, self.name)
        if expr.unit not in units.COUNT or expr.word is not None:
            return cx.error("E0504", expr, f"`{expr.text}` has a unit, but this is {self.name}",
                            label="no unit expected", help=f"write the plain number, e.g. "
                            f"`{_plain(expr.magnitude)}`")
        value = expr.magnitude * units.COUNT[expr.unit]
        if self.integer:
            if value != value.to_integral_value():
                return cx.wrong_type(expr, self.name)
            value = int(value)
        else:
            value = float(value)
        return _bounded(value, expr, self.min, self.max, cx)


def Int(min: float | None = None, max: float | None = None) -> Number:  # noqa: A002
    return Number(True, min, max)


def Float(min: float | None = None, max: float | None = None) -> Number:  # noqa: A002
    return Number(False, min, max)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _bounded(value, expr, low, high, cx):
    if low is not None and value < low or high is not None and value > high:
        bounds = (f"between {low} and {high}" if low is not None and high is not None else
                  f"at least {low}" if low is not None else f"at most {high}")
        return cx.error("E0509", expr, f"`{expr.text}` is out of range: it must be {bounds}",
                        label="out of range")
    return value


class Fraction(Type):
    """A share in [0, 1]: `70%` or `0.7` (normalised to 0.7)."""

    name = "a share (`70%` or `0.7`)"

    def accepts(self, expr):
        return isinstance(expr, Quantity) and expr.unit in (None, "%") and expr.word is None

    def convert(self, expr, path, cx):
        if not isinstance(expr, Quantity):
            return cx.wrong_type(expr, self.name)
        if expr.word is not None or expr.unit not in (None, "%"):
            return cx.error("E0504", expr, f"`{expr.text}` is not a share", label="expected % or "
                            "a number in [0, 1]", help="write e.g. `50%` or `0.5`")
        value = expr.magnitude * (units.PERCENT["%"] if expr.unit == "%" else 1)
        if not 0 <= value <= 1:
            hint = "a share is between 0% and 100%" + (
                f"; did you mean `{_plain(expr.magnitude)}%`?" if expr.unit is None and
                1 < value <= 100 else "")
            return cx.error("E0509", expr, f"`{expr.text}` is out of range", label="not in [0, 1]",
                            help=hint)
        return float(value)


@dataclass(frozen=True)
class Count(Type):
    """A whole number with an optional decimal or binary multiplier and unit word:
    `5.2T tokens`, `300B`, `8Ki`, `10k docs`. `word` names the only unit word allowed."""

    word: str | None = None
    min: int | None = 0

    @property
    def name(self) -> str:
        return f"a number of {self.word}" if self.word else "a count"

    def accepts(self, expr):
        if not (isinstance(expr, Quantity) and expr.unit in units.COUNT
                and expr.word in (None, self.word)):
            return False
        value = expr.magnitude * units.COUNT[expr.unit]
        return value == value.to_integral_value()

    def convert(self, expr, path, cx):
        if not isinstance(expr, Quantity):
            return cx.wrong_type(expr, self.name)
        if expr.unit not in units.COUNT:
            family = units.FAMILY.get(expr.unit, "a unit")
            return cx.error("E0504", expr, f"`{expr.text}` is {family}, but this is {self.name}",
                            label="wrong unit", help="counts take k, M, B, T (decimal) or Ki, Mi "
                            "(binary), e.g. `5.2T tokens` or `8Ki`")
        if expr.word is not None and expr.word != self.word:
            expected = f"`{self.word}`" if self.word else "no unit word"
            return cx.error("E0504", expr, f"`{expr.word}` is the wrong unit here",
                            label=f"expected {expected}")
        value = expr.magnitude * units.COUNT[expr.unit]
        if value != value.to_integral_value():
            return cx.error("E0503", expr, f"`{expr.text}` is not a whole number",
                            label="expected a whole number")
        return _bounded(int(value), expr, self.min, None, cx)


class SeqLen(Count):
    """A sequence length in tokens; not a multiple of 64 draws a warning (W0101)."""

    def __init__(self):
        super().__init__(word="tokens", min=1)

    @property
    def name(self) -> str:
        return "a sequence length (e.g. `8Ki`)"

    def convert(self, expr, path, cx):
        value = super().convert(expr, path, cx)
        if value is not INVALID and value % 64:
            nearest = max(1, round(value / 1024)) * 1024
            cx.sink.warning("W0101", expr.span, f"sequence length {value} is not a multiple of 64",
                            label="not a multiple of 64",
                            help=f"did you mean `{nearest // 1024}Ki` ({nearest})? `k` is decimal "
                                 f"(1000), `Ki` is binary (1024)")
        return value


class Duration(Type):
    """Seconds: `10s`, `500ms`, `2min`, `1h`, or a plain number of seconds."""

    name = "a duration (e.g. `10s`)"

    def accepts(self, expr):
        return isinstance(expr, Quantity) and expr.unit in units.SECONDS

    def convert(self, expr, path, cx):
        if not isinstance(expr, Quantity):
            return cx.wrong_type(expr, self.name)
        if expr.unit not in units.SECONDS or expr.word is not None:
            return cx.error("E0504", expr, f"`{expr.text}` is not a duration",
                            label="expected ms, s, min or h")
        return _bounded(float(expr.magnitude * units.SECONDS[expr.unit]), expr, 0, None, cx)


class Bytes(Type):
    """A size: `512MB` (decimal), `1GiB` (binary), or a plain number of bytes."""

    name = "a size (e.g. `512MB`)"

    def accepts(self, expr):
        return isinstance(expr, Quantity) and expr.unit in units.BYTES

    def convert(self, expr, path, cx):
        if not isinstance(expr, Quantity):
            return cx.wrong_type(expr, self.name)
        if expr.unit not in units.BYTES or expr.word not in (None, "bytes"):
            hint = "sizes take KB, MB, GB (decimal) or KiB, MiB, GiB (binary)"
            if expr.unit in ("M", "G", "k", "K", "T", "B"):
                hint += f"; did you mean `{_plain(expr.magnitude)}{expr.unit.upper()}B`?"
            return cx.error("E0504", expr, f"`{expr.text}` is not a size in bytes",
                            label="expected a size", help=hint)
        value = expr.magnitude * units.BYTES[expr.unit]
        return _bounded(int(value), expr, 0, None, cx)


# ====================================================================== symbols and names
@dataclass(frozen=True)
class Enum(Type):
    """One of a fixed set of bare names: `split = char`. A string is accepted too."""

    values: tuple[str, ...]

    def __init__(self, *values: str):
        object.__setattr__(self, "values", values)

    @property
    def name(self) -> str:
        return "one of " + ", ".join(f"`{v}`" for v in self.values)

    def accepts(self, expr):
        return _symbol(expr) in self.values

    def convert(self, expr, path, cx):
        symbol = _symbol(expr)
        if symbol is None:
            return cx.wrong_type(expr, self.name)
        if symbol not in self.values:
            return cx.error("E0505", expr, f"`{symbol}` is not a valid choice here",
                            label=f"expected {self.name}",
                            help=did_you_mean(symbol, self.values))
        return symbol


def _symbol(expr: Expr) -> str | None:
    if isinstance(expr, Reference) and len(expr.parts) == 1:
        return expr.parts[0]
    if isinstance(expr, String):
        return expr.value
    return None


class Language(Type):
    """A programming language, by the recipe's names (design.md section 4): `python`, `"c++"`."""

    name = "a language name"

    def accepts(self, expr):
        return _symbol(expr) is not None

    def convert(self, expr, path, cx):
        symbol = _symbol(expr)
        if symbol is None:
            return cx.wrong_type(expr, self.name)
        if symbol not in LANGUAGES:
            alias = LANGUAGE_ALIASES.get(symbol.lower())
            hint = (f'recipes call it `"{alias}"`' if alias else
                    did_you_mean(symbol, LANGUAGES) or "see `recipec explain E0511` for the list")
            return cx.error("E0511", expr, f"unknown language `{symbol}`",
                            label="not one of the 92 language names", help=hint)
        return symbol


@dataclass(frozen=True)
class Ref(Type):
    """A reference to a block of one of `kinds`; its value is the block's id."""

    kinds: tuple[str, ...]

    def __init__(self, *kinds: str):
        object.__setattr__(self, "kinds", kinds)

    @property
    def name(self) -> str:
        return "a reference to " + " or ".join(f"a `{k}` block" for k in self.kinds)

    def accepts(self, expr):
        return isinstance(expr, BlockRef) and expr.kind in self.kinds

    def convert(self, expr, path, cx):
        if isinstance(expr, BlockRef):
            if expr.kind in self.kinds:
                return expr.id
            return cx.error("E0506", expr, f"`{expr.written}` is a {expr.kind} block, but this "
                            f"needs {self.name}", label=f"expected {' or '.join(self.kinds)}")
        if isinstance(expr, Reference) and len(expr.parts) == 1:
            return cx.error("E0201", expr, f"unknown name `{expr.parts[0]}`",
                            label="not declared", help=f"blocks are referenced as `kind.label`, "
                            f"e.g. `{self.kinds[0]}.{expr.parts[0]}`")
        return cx.wrong_type(expr, self.name)


# ====================================================================== containers
@dataclass(frozen=True)
class ListOf(Type):
    item: Type
    min_items: int = 0

    @property
    def name(self) -> str:
        return f"a list of {_plural(self.item.name)}"

    def accepts(self, expr):
        return isinstance(expr, ListExpr)

    def convert(self, expr, path, cx):
        if not isinstance(expr, ListExpr):
            return cx.wrong_type(expr, self.name)
        if len(expr.items) < self.min_items:
            return cx.error("E0509", expr, f"expected at least {self.min_items} item(s)",
                            label="too few items")
        values = []
        for index, item in enumerate(expr.items):
            cx.spans[path + (index,)] = item.span
            values.append(self.item.convert(item, path + (index,), cx))
        return INVALID if INVALID in values else tuple(values)


def _plural(name: str) -> str:
    for article in ("an ", "a "):
        if name.startswith(article):
            return name[len(article):] + ("" if name.endswith(")") else "s")
    return name


@dataclass(frozen=True)
class OneOf(Type):
    """The first alternative whose `accepts` fits the expression's shape."""

    options: tuple[Type, ...]

    def __init__(self, *options: Type):
        object.__setattr__(self, "options", options)

    @property
    def name(self) -> str:
        return " or ".join(o.name for o in self.options)

    def accepts(self, expr):
        return any(o.accepts(expr) for o in self.options)

    def convert(self, expr, path, cx):
        for option in self.options:
            if option.accepts(expr):
                return option.convert(expr, path, cx)
        # None fits: let the option of the same shape explain why (a reference to the wrong
        # kind of block says so, rather than "expected X or Y").
        for option in self.options:
            if _same_shape(option, expr):
                return option.convert(expr, path, cx)
        return cx.wrong_type(expr, self.name)


def _same_shape(option: Type, expr: Expr) -> bool:
    if isinstance(option, Optional):
        return _same_shape(option.inner, expr)
    if isinstance(expr, (BlockRef, Reference)):
        return isinstance(option, (Ref, Enum, Language))
    if isinstance(expr, ListExpr):
        return isinstance(option, ListOf)
    if isinstance(expr, Quantity):
        return isinstance(option, (Number, Fraction, Count, Duration, Bytes))
    if isinstance(expr, String):
        return isinstance(option, Str)
    return False


class Optional(Type):
    """`none` or the inner type."""

    def __init__(self, inner: Type):
        self.inner = inner
        self.name = f"{inner.name} or `none`"

    def accepts(self, expr):
        return (isinstance(expr, Constant) and expr.value is None) or self.inner.accepts(expr)

    def convert(self, expr, path, cx):
        if isinstance(expr, Constant) and expr.value is None:
            return None
        return self.inner.convert(expr, path, cx)


class Object(Type):
    """`{ factor = 4, original_max = 32Ki }` with a fixed set of fields."""

    def __init__(self, fields: dict[str, Attr], name: str = "an object", doc: str = ""):
        self.fields = fields
        self.name = name
        self.doc = doc

    def accepts(self, expr):
        return isinstance(expr, ObjectExpr)

    def convert(self, expr, path, cx):
        if not isinstance(expr, ObjectExpr):
            return cx.wrong_type(expr, self.name)
        return convert_attributes(expr.attributes, self.fields, path, cx, expr.span,
                                  f"in {self.name}")


class MapOf(Type):
    """An object with free keys: `{ python = 2, rust = 1 }`."""

    def __init__(self, value: Type):
        self.value = value
        self.name = f"an object of {_plural(value.name)}"

    def accepts(self, expr):
        return isinstance(expr, ObjectExpr)

    def convert(self, expr, path, cx):
        if not isinstance(expr, ObjectExpr):
            return cx.wrong_type(expr, self.name)
        result = {}
        for attribute in expr.attributes:
            cx.spans[path + (attribute.name,)] = attribute.span
            result[attribute.name] = self.value.convert(attribute.value, path + (attribute.name,),
                                                        cx)
        return INVALID if INVALID in result.values() else result


class Json(Type):
    """Any plain value (strings, numbers, booleans, lists, objects): merged into a config file."""

    name = "a plain value"

    def convert(self, expr, path, cx):
        if isinstance(expr, String):
            return expr.value
        if isinstance(expr, Constant):
            return expr.value
        if isinstance(expr, Quantity) and expr.unit is None and expr.word is None:
            integral = expr.magnitude == expr.magnitude.to_integral_value() and \
                not any(c in expr.text for c in ".eE")
            return int(expr.magnitude) if integral else float(expr.magnitude)
        if isinstance(expr, ListExpr):
            values = [self.convert(i, path, cx) for i in expr.items]
            return INVALID if INVALID in values else values
        if isinstance(expr, ObjectExpr):
            values = {a.name: self.convert(a.value, path, cx) for a in expr.attributes}
            return INVALID if INVALID in values.values() else values
        return cx.wrong_type(expr, self.name)


# ====================================================================== templates
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SENTINEL = re.compile(r"<\|[^|<>\s]+\|>|</?[a-z_]+>")


class Template(Str):
    """A format string with `{placeholders}` and special-token texts (`<|fim_prefix|>`).
    Which placeholders are required is checked by the pass that knows the template's role."""

    name = "a template string"


def placeholders(template: str) -> list[str]:
    return _PLACEHOLDER.findall(template)


def sentinels(template: str) -> list[str]:
    return _SENTINEL.findall(template)


# ====================================================================== calls
@dataclass(frozen=True)
class Constructor:
    """The schema of one callable: a pipeline step or a value such as `token(...)`."""

    name: str
    params: dict[str, Attr]
    positional: tuple[str, ...] = ()
    doc: str = ""


class CallOf(Type):
    """A call to one of `constructors`; its value is `{"kind": name, **params}`."""

    def __init__(self, constructors: dict[str, Constructor], name: str):
        self.constructors = constructors
        self.name = name

    def accepts(self, expr):
        return isinstance(expr, Call) and expr.callee.dotted in self.constructors

    def convert(self, expr, path, cx):
        if not isinstance(expr, Call):
            if isinstance(expr, Reference) and expr.dotted in self.constructors:
                return cx.error("E0508", expr, f"`{expr.dotted}` must be called",
                                label="add `()`", help=f"write `{expr.dotted}()`")
            return cx.wrong_type(expr, self.name)
        callee = expr.callee.dotted
        constructor = self.constructors.get(callee)
        if constructor is None:
            return cx.error("E0507", expr.callee, f"unknown {self.name} `{callee}`",
                            label="not defined", help=did_you_mean(callee, self.constructors))
        return convert_call(expr, constructor, path, cx)


def convert_call(expr: Call, constructor: Constructor, path: tuple, cx: Converter):
    values: dict[str, Any] = {"kind": constructor.name}
    given: dict[str, Expr] = {}
    if len(expr.args) > len(constructor.positional):
        extra = expr.args[len(constructor.positional)]
        return cx.error("E0508", extra, f"`{constructor.name}` takes "
                        f"{len(constructor.positional)} positional argument(s)",
                        label="unexpected argument",
                        help="name the argument, e.g. `" + (next(iter(constructor.params), "x"))
                        + " = ...`")
    for name, arg in zip(constructor.positional, expr.args):
        given[name] = arg
    for kwarg in expr.kwargs:
        if kwarg.name not in constructor.params:
            cx.error("E0501", kwarg.span, f"`{constructor.name}` has no argument `{kwarg.name}`",
                     label="unknown argument", help=did_you_mean(kwarg.name, constructor.params))
            values = INVALID
            continue
        if kwarg.name in given:
            cx.error("E0512", kwarg.span, f"argument `{kwarg.name}` given twice",
                     label="given again")
            values = INVALID
            continue
        given[kwarg.name] = kwarg.value
    if values is INVALID:
        return INVALID
    ok = True
    for name, attr in constructor.params.items():
        if name in given:
            cx.spans[path + (name,)] = given[name].span
            value = attr.type.convert(given[name], path + (name,), cx)
            ok &= value is not INVALID
            values[name] = value
        elif attr.required:
            cx.error("E0502", expr, f"`{constructor.name}` needs the argument `{name}`",
                     label=f"`{name}` missing", help=attr.doc)
            ok = False
        else:
            values[name] = attr.default
    return values if ok else INVALID


def convert_attributes(attributes, fields: dict[str, Attr], path: tuple, cx: Converter,
                       owner: Span, where: str) -> Any:
    """Attributes -> a dict of all fields (defaults filled), or INVALID after diagnostics."""
    values: dict[str, Any] = {}
    seen: dict[str, Span] = {}
    ok = True
    for attribute in attributes:
        if attribute.name not in fields:
            cx.error("E0501", attribute.name_span, f"unknown attribute `{attribute.name}` {where}",
                     label="unknown attribute", help=did_you_mean(attribute.name, fields))
            ok = False
            continue
        if attribute.name in seen:
            cx.error("E0512", attribute.name_span, f"attribute `{attribute.name}` is set twice",
                     label="set again here")
            ok = False
            continue
        seen[attribute.name] = attribute.span
        cx.spans[path + (attribute.name,)] = attribute.span
        value = fields[attribute.name].type.convert(attribute.value, path + (attribute.name,), cx)
        ok &= value is not INVALID
        values[attribute.name] = value
    for name, attr in fields.items():
        if name not in values:
            if attr.required:
                cx.error("E0502", owner, f"missing attribute `{name}` {where}",
                         label=f"`{name}` is required", help=attr.doc)
                ok = False
            else:
                values[name] = attr.default
    return values if ok else INVALID


