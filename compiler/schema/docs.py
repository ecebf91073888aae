"""docs/blocks.md: every block kind, attribute and pipeline step, generated from the schemas."""
from __future__ import annotations

from recipec.compiler.schema import types as t
from recipec.compiler.schema.kinds import BLOCK_KINDS
from recipec.compiler.schema.steps import STEPS
from recipec.compiler.schema.values import BENCHMARK, TOKEN


def _default(attr: t.Attr) -> str:
    if attr.required:
        return "required"
    value = attr.default
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_default(t.Attr(t.Str(), v))}"
                                for k, v in value.items()) + " }"
    return f"`{value}`" if not isinstance(value, str) else f"`{value!r}`".replace("'", '"')


def _table(attrs: dict[str, t.Attr]) -> list[str]:
    if not attrs:
        return ["(no attributes)", ""]
    rows = ["| attribute | type | default | meaning |", "| --- | --- | --- | --- |"]
    for name, attr in attrs.items():
        doc = attr.doc.replace("|", "\\|")
        rows.append(f"| `{name}` | {attr.type.name} | {_default(attr)} | {doc} |")
    return rows + [""]


def blocks_markdown() -> str:
    out = ["# Block reference", "",
           "Every block kind, its attributes and the pipeline steps, generated from "
           "`compiler/schema/` by `recipec schema --markdown`. The language itself is described "
           "in [language.md](language.md).", ""]
    for kind, schema in BLOCK_KINDS.items():
        out += [f"## `{kind}`", "", schema.doc, ""]
        if not schema.labelled:
            out += ["A singleton: written without a label.", ""]
        for group in schema.exactly_one_of:
            out += ["Exactly one of " + ", ".join(f"`{g}`" for g in group) + ".", ""]
        if schema.extendable:
            out += [f"Can extend another `{kind}`: `{kind} b extends {kind}.a {{ ... }}`.", ""]
        out += _table(schema.attrs)
        for nested in schema.nested.values():
            out += [f"Nested `{nested.kind}` blocks (at least {nested.min_count}): "
                    f"{nested.doc}", ""] + _table(nested.attrs)
        if schema.example:
            out += ["```", schema.example, "```", ""]
    out += ["## Pipeline steps", "",
            "Written in a pipeline's `steps = [...]`; each becomes the step "
            "`pipeline.<label>/<step>`.", ""]
    for name, step in STEPS.items():
        positional = f" (positional: {', '.join(step.positional)})" if step.positional else ""
        out += [f"### `{name}()`{positional}", "", step.doc, ""] + _table(step.params)
    out += ["## Values", ""]
    for constructor in (TOKEN, BENCHMARK):
        out += [f"### `{constructor.name}(...)` (positional: "
                f"{', '.join(constructor.positional)})", "", constructor.doc, ""]
        out += _table(constructor.params)
    return "\n".join(out)
