"""snippets: functions, classes and methods cut with tree-sitter, counted with the recipe's
tokenizer, filtered by size, and sampled the same way whatever the input order or sharding."""
from __future__ import annotations

import random

from tokenizers import Tokenizer

from recipec.runtime.steps.snippets import UnitCutter
from tests.runtime.steps.step_helpers import build, rows, write_rows

PYTHON = '''import os

# Adds two numbers.
def add(a, b):
    return a + b


class Stack:
    """A stack."""

    @staticmethod
    def empty():
        return Stack()

    def push(self, item):
        def helper():
            return item
        return helper()
'''


def test_units_by_kind_with_decorators_comments_and_names():
    found = UnitCutter({"function", "class", "method"}).cut(PYTHON, "python")
    assert [(u["unit"], u["name"], u["lines"]) for u in found] == [
        ("function", "add", [3, 5]), ("class", "Stack", [8, 18]),
        ("method", "empty", [11, 13]), ("method", "push", [15, 18])]
    assert found[0]["code"] == "# Adds two numbers.\ndef add(a, b):\n    return a + b\n"
    assert found[2]["code"].startswith("@staticmethod\ndef empty():")  # dedented, decorated
    only_functions = UnitCutter({"function"}).cut(PYTHON, "python")
    assert [u["name"] for u in only_functions] == ["add"]  # methods are not functions


def test_units_in_other_grammars():
    cpp = "struct P;\nstruct Q { int x; };\nint *A::h(char c) { return 0; }\n"
    assert [(u["unit"], u["name"]) for u in UnitCutter({"function", "class"}).cut(cpp, "cpp")] \
        == [("class", "Q"), ("function", "A::h")]  # a declaration without a body is no class
    go = "type S struct { x int }\nfunc (s *S) M() int { return 1 }\n"
    assert [(u["unit"], u["name"]) for u in UnitCutter({"function", "class"}).cut(go, "go")] \
        == [("class", "S"), ("function", "M")]
    js = "export function f(a) { return a }\nclass K { m() { return 1 } }\n"
    assert [(u["unit"], u["name"]) for u in
            UnitCutter({"function", "method"}).cut(js, "javascript")] == [("function", "f"),
                                                                          ("method", "m")]


def _documents() -> list[dict]:
    docs = [{"id": "stack.py", "text": PYTHON, "language": "python"},
            {"id": "notes.md", "text": "# Title\n\nsome prose\n", "language": "markdown"},
            {"id": "lib.js", "text": "function one() {\n  return 1;\n}\n"},  # language by path
            {"id": "tiny.py", "text": "def tiny():\n    pass\n", "language": "python"}]
    for i in range(30):
        body = "\n".join(f"    total += {k}" for k in range(i))
        docs.append({"id": f"gen{i}.py", "text": f"def f{i}(total):\n{body}\n    return total\n",
                     "language": "python"})
    return docs


def _recipe(tokenizer_dir, extra="", tasks=1) -> str:
    return f'''
build {{ seed = 9, tasks = {tasks} }}
source code {{ kind = code, path = "code/*.jsonl.gz", metadata = ["language"] }}
tokenizer tok {{ path = "{tokenizer_dir}/tokenizer.json" }}
snippets snips {{ input = source.code, tokenizer = tokenizer.tok, min_lines = 3,
                  max_tokens = 200 {extra} }}
'''


def test_sizes_are_counted_with_the_recipe_tokenizer(tmp_path, tiny_model):
    write_rows(tmp_path / "code" / "a.jsonl.gz", _documents())
    result = build(tmp_path, _recipe(tiny_model))
    kept = rows(tmp_path, result, "snippets.snips")
    tokenizer = Tokenizer.from_file(str(tiny_model / "tokenizer.json"))
    for doc in kept:
        assert doc["metadata"]["tokens"] == len(tokenizer.encode(doc["text"],
                                                                 add_special_tokens=False).ids)
        assert doc["metadata"]["tokens"] <= 200 and doc["text"].count("\n") >= 3
    names = {d["metadata"]["name"] for d in kept}
    assert {"add", "Stack", "one"} <= names
    counts = result.manifests["snippets.snips"]["counts"]
    # tiny() has 2 lines; the longest f<i> pass 200 tokens
    assert counts["reasons"]["dropped_too_short"] == 1
    assert counts["reasons"]["dropped_too_long"] == 30 - sum(
        1 for d in kept if d["metadata"]["name"].startswith("f"))
    assert counts["reasons"]["dropped_too_long"] > 0
    assert counts["reasons"]["skipped_no_grammar"] == 1  # markdown
    assert counts["languages"] == {"javascript": 1, "python": len(kept) - 1}


def test_the_sample_does_not_depend_on_order_or_sharding(tmp_path, tiny_model):
    docs = _documents()
    chosen = []
    for name, tasks in (("a", 1), ("b", 3)):
        random.Random(len(name)).shuffle(docs)
        folder = tmp_path / name
        for part in range(3):
            write_rows(folder / "code" / f"p{part}.jsonl.gz", docs[part::3])
        result = build(folder, _recipe(tiny_model, ", max_snippets = 5 samples", tasks))
        kept = rows(folder, result, "snippets.snips")
        assert len(kept) == 5
        assert result.manifests["snippets.snips"]["counts"]["reasons"]["dropped_not_sampled"] > 0
        chosen.append({d["id"] for d in kept})
    assert chosen[0] == chosen[1]
