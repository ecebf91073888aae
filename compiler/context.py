"""The state passed from pass to pass: one explicit object, no globals."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recipec.compiler.ast import Block, Expr, Import, Let, Module, Param
from recipec.compiler.diagnostics.diagnostic import DiagnosticSink, Span

STDLIB_DIR = Path(__file__).resolve().parent.parent / "stdlib"
STD_PREFIX = "std/"


def read_file(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


@dataclass
class Declared:
    """A declaration and the module it was written in (its scope for relative paths)."""

    node: Block | Let | Param | Import
    module: str


@dataclass
class Namespace:
    """What a module can name: its own declarations plus, with `extends`, its base's.

    `blocks` holds each block's declarations, base first then each `override`.
    """

    module: str
    imports: dict[str, Declared] = field(default_factory=dict)      # alias -> Import
    params: dict[str, Declared] = field(default_factory=dict)
    lets: dict[str, Declared] = field(default_factory=dict)
    blocks: dict[str, list[Declared]] = field(default_factory=dict)  # local id -> chain


@dataclass
class TypedNested:
    kind: str
    label: str | None
    span: Span
    values: dict[str, Any]


@dataclass
class TypedBlock:
    """A block after schema checking: plain values, with the span of every attribute path."""

    id: str
    kind: str
    label: str | None
    module: str
    span: Span
    header_span: Span
    values: dict[str, Any]
    spans: dict[tuple, Span]
    nested: list[TypedNested] = field(default_factory=list)

    def span_of(self, *path) -> Span:
        """The span of an attribute path, or of its nearest recorded parent, or the header."""
        while path:
            if path in self.spans:
                return self.spans[path]
            path = path[:-1]
        return self.header_span


@dataclass
class CompileContext:
    root_path: str
    sink: DiagnosticSink = field(default_factory=DiagnosticSink)
    read_source: Callable[[str], str] = read_file
    param_overrides: dict[str, str] = field(default_factory=dict)   # -p name=value

    # load_imports
    sources: dict[str, str] = field(default_factory=dict)           # display file -> text
    modules: dict[str, Module] = field(default_factory=dict)        # key -> module
    module_dirs: dict[str, str] = field(default_factory=dict)        # display file -> folder
    module_paths: dict[str, str] = field(default_factory=dict)      # key -> path on disk
    imports_of: dict[str, dict[str, str]] = field(default_factory=dict)  # key -> alias -> key
    base_of: dict[str, str] = field(default_factory=dict)           # key -> extended key
    root: str = ""

    # collect_declarations
    namespaces: dict[str, Namespace] = field(default_factory=dict)

    # resolve_references: block id -> declaration chain with resolved expressions
    resolved: dict[str, list[Declared]] = field(default_factory=dict)
    root_blocks: list[str] = field(default_factory=list)  # the root namespace's, incl. a base's

    param_defaults: dict[tuple[str, str], Expr] = field(default_factory=dict)

    # apply_overrides: block id -> one merged block, params substituted
    blocks: dict[str, Declared] = field(default_factory=dict)
    param_values: dict[str, Expr] = field(default_factory=dict)     # root params, final

    # check_schemas
    typed: dict[str, TypedBlock] = field(default_factory=dict)

    # lower_to_ir / expand_plan
    ir: Any = None
    plan: Any = None

    def block_id(self, module: str, local_id: str) -> str:
        """Root-module blocks keep `kind.label`; imported ones are prefixed by their module."""
        return local_id if module == self.root else f"{module}:{local_id}"

    def base_dir(self, span: Span) -> str:
        return self.module_dirs.get(span.file, ".")

    def blocks_of_kind(self, kind: str) -> list[TypedBlock]:
        return [b for b in self.typed.values() if b.kind == kind]
