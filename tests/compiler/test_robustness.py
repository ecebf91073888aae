"""Property tests: the compiler always ends with a plan or diagnostics, never a traceback —
for recipes generated from the grammar and for random mutations of every shipped recipe."""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recipec.compiler import compile
from recipec.compiler.context import read_file
from recipec.compiler.schema.kinds import BLOCK_KINDS
from recipec.compiler.schema.steps import STEPS
from tests.compiler.helpers import ROOT

SHIPPED = sorted(list((ROOT / "recipes").rglob("*.recipe")) +
                 list((ROOT / "stdlib").rglob("*.recipe")))
SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

ATTRIBUTE_NAMES = sorted({name for schema in BLOCK_KINDS.values() for name in schema.attrs} |
                         {"weight", "question", "x"})
names = st.sampled_from(["github", "clean", "t", "m", "f", "a", "b", "python", "char", "code"])
scalars = st.one_of(
    st.integers(-5, 10**7).map(str),
    st.sampled_from(["8Ki", "5.2T tokens", "70%", "150%", "10s", "512MB", "1M", "0.5", "1e-4",
                     "300B tokens", "3 docs", "true", "false", "none", '"a.jsonl"', '""',
                     '"<|fim_prefix|>{prefix}{suffix}{middle}"', '"""long\\n"""']),
    st.tuples(st.sampled_from(sorted(BLOCK_KINDS)), names).map(".".join),
    names,
)


def _call(children):
    return st.tuples(st.sampled_from(sorted(STEPS) + ["token", "benchmark", "nope"]),
                     st.lists(children, max_size=3)).map(lambda t: f"{t[0]}({', '.join(t[1])})")


values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(st.sampled_from(ATTRIBUTE_NAMES), children), max_size=3).map(
            lambda kv: "{ " + ", ".join(f"{k} = {v}" for k, v in kv) + " }"),
        _call(children),
    ),
    max_leaves=8,
)
attributes = st.lists(st.tuples(st.sampled_from(ATTRIBUTE_NAMES), values), max_size=6).map(
    lambda kv: " ".join(f"{k} = {v}" for k, v in kv))
nested = st.tuples(st.sampled_from(["component", "item", "stage"]), names, attributes).map(
    lambda t: f"{t[0]} {t[1]} {{ {t[2]} }}")
blocks = st.tuples(st.sampled_from(sorted(BLOCK_KINDS) + ["sauce"]), st.one_of(st.none(), names),
                   attributes, st.lists(nested, max_size=2)).map(
    lambda t: f"{t[0]}{' ' + t[1] if t[1] else ''} {{ {t[2]} {' '.join(t[3])} }}")
declarations = st.one_of(
    blocks,
    st.tuples(names, values).map(lambda t: f"let {t[0]} = {t[1]}"),
    st.tuples(names, values).map(lambda t: f"param {t[0]} = {t[1]}"),
    st.sampled_from(['import "std/qwen25_coder" as qwen', 'import "std/nope" as x',
                     'import "./main.recipe" as me', 'extends "std/checklist"']),
)
recipes = st.lists(declarations, max_size=8).map("\n".join)


def _compile(text: str, root: str = "/tmp/recipec-generated/main.recipe",
             params: dict | None = None):
    def read(path: str) -> str:
        return text if path == root else read_file(path)

    ctx = compile(root, params, read_source=read)
    assert ctx.sink.has_errors or ctx.plan is not None
    return ctx


@SETTINGS
@given(recipes)
def test_generated_recipes_never_crash(text):
    _compile(text)


@SETTINGS
@given(recipes, st.dictionaries(names, scalars, max_size=2))
def test_params_from_the_command_line_never_crash(text, params):
    _compile(text, params=params)


def _mutate(text: str, data) -> str:
    for _ in range(data.draw(st.integers(1, 4))):
        lines = text.split("\n")
        kind = data.draw(st.sampled_from(["delete_char", "insert_char", "swap_chars",
                                          "delete_line", "duplicate_line", "swap_lines"]))
        if kind.endswith("char") or kind.endswith("chars"):
            if not text:
                continue
            i = data.draw(st.integers(0, len(text) - 1))
            if kind == "delete_char":
                text = text[:i] + text[i + 1:]
            elif kind == "insert_char":
                text = text[:i] + data.draw(st.sampled_from(list('{}[]()=,."#%x0 \n'))) + text[i:]
            else:
                j = data.draw(st.integers(0, len(text) - 1))
                chars = list(text)
                chars[i], chars[j] = chars[j], chars[i]
                text = "".join(chars)
        else:
            i = data.draw(st.integers(0, len(lines) - 1))
            if kind == "delete_line":
                del lines[i]
            elif kind == "duplicate_line":
                lines.insert(i, lines[i])
            else:
                j = data.draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SHIPPED), st.data())
def test_mutated_shipped_recipes_never_crash(path: Path, data):
    _compile(_mutate(path.read_text(), data), root=str(path))
