"""Where data comes from and how it is cleaned: `build`, `source`, `tokenizer`, `pipeline`."""
from __future__ import annotations

from recipec.compiler.schema.block import BlockSchema
from recipec.compiler.schema.steps import PIPELINE_STEP
from recipec.compiler.schema.types import (
    Attr, Count, Enum, Int, ListOf, Object, OneOf, Optional, Path, Ref, Str,
)
from recipec.compiler.schema.values import SPECIAL_TOKEN

DATA_KINDS = ("code", "text_code", "synthetic", "math", "text")
DATA_BLOCKS = ("source", "pipeline", "verify")

BUILD = BlockSchema(
    "build", "Settings of the whole build. At most one per recipe; no label.",
    {
        "seed": Attr(Int(min=0), 0, doc="the seed of every random choice; part of every cache key"),
        "tasks": Attr(Int(min=1), 1,
                      doc="output shards per data step; `--workers` only sets parallelism, so "
                          "outputs never depend on it"),
    },
    labelled=False,
    example='build { seed = 1234, tasks = 4 }',
)

SOURCE = BlockSchema(
    "source", "Raw data: jsonl / parquet files, folders of repositories, or an HF dataset.",
    {
        "kind": Attr(Enum(*DATA_KINDS), doc="which of the five data types this is"),
        "path": Attr(Optional(OneOf(Path(), ListOf(Path(), min_items=1))), None,
                     doc="files, globs or fsspec URLs; or a folder of repositories"),
        "hf": Attr(Optional(Str()), None,
                   doc="an HF dataset: a folder saved on disk or a hub name in the local cache"),
        "format": Attr(Optional(Enum("jsonl", "parquet", "repos", "hf_dataset")), None,
                       doc="inferred from the path's extension when omitted"),
        "split": Attr(Str(), "train", doc="the split of an HF dataset"),
        "text": Attr(Str(), "text", doc="the field holding the document text"),
        "id": Attr(Optional(Str()), None, doc="the field holding a document id"),
        "metadata": Attr(ListOf(Str()), (), doc="fields kept as metadata (e.g. repo, path, "
                                                "license)"),
        "tokens": Attr(Optional(Count("tokens")), None,
                       doc="declared size in tokens: lets the compiler check token budgets"),
        "docs": Attr(Optional(Count("docs")), None, doc="declared number of documents"),
    },
    exactly_one_of=(("path", "hf"),),
    example='source github { kind = code, path = "data/github/*.jsonl.gz", text = "content" }',
)

TOKENIZER = BlockSchema(
    "tokenizer", "A tokenizer and its special tokens: from the hub, a local file, tiktoken-style "
                 "ranks, or trained on a source.",
    {
        "hub": Attr(Optional(Str()), None, doc="a hub name, resolved from the local HF cache"),
        "path": Attr(Optional(Path()), None, doc="a local tokenizer.json or tokenizer folder"),
        "ranks": Attr(Optional(Str()), None,
                      doc="a tiktoken ranks file, or `dashscope:qwen.tiktoken` for the Qwen2.5 "
                          "vocabulary shipped in the `dashscope` wheel"),
        "train": Attr(Optional(Object({
            "source": Attr(Ref(*DATA_BLOCKS), doc="the data to train on"),
            "vocab_size": Attr(Int(min=256), doc="the learned vocabulary, special tokens apart"),
            "max_docs": Attr(Optional(Count("docs")), None, doc="train on at most this many"),
        }, "a training spec")), None, doc="train a byte-level BPE on a source"),
        "special": Attr(ListOf(SPECIAL_TOKEN), (), doc="the special tokens, with their ids"),
        "eos": Attr(Optional(Str()), None,
                    doc="the end-of-document token's text; must be declared in `special`"),
        "chat_template": Attr(Optional(Path()), None,
                              doc="a jinja2 chat template for tokenizers that have none"),
    },
    exactly_one_of=(("hub", "path", "ranks", "train"),),
    example='tokenizer coder { hub = "Qwen/Qwen2.5-Coder-7B", special = qwen.special_tokens }',
)

PIPELINE = BlockSchema(
    "pipeline", "Cleaning steps applied in order to a source or another pipeline.",
    {
        "input": Attr(OneOf(Ref(*DATA_BLOCKS), ListOf(Ref(*DATA_BLOCKS), min_items=1)),
                      doc="a source or pipeline, or a list of them (concatenated)"),
        "steps": Attr(ListOf(PIPELINE_STEP), doc="the steps, in order"),
    },
    example='pipeline clean { input = source.github, steps = [dedup.exact()] }',
)

KINDS = (BUILD, SOURCE, TOKENIZER, PIPELINE)
