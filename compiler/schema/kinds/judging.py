"""Judging and verifying generated data: `checklist`, `score`, `rejection_sampling`, `verify`,
`sft_data`."""
from __future__ import annotations

from recipec.compiler.schema.block import BlockSchema, NestedSchema
from recipec.compiler.schema.kinds.synthesis import INSTRUCTION_BLOCKS, SAMPLING
from recipec.compiler.schema.types import (
    Attr, Bool, Bytes, Count, Duration, Enum, Float, Fraction, Int, Language, ListOf, OneOf,
    Optional, Ref, Str,
)

STATUSES = ("passed", "failed", "compile_error", "runtime_error", "timeout", "memory_limit",
            "output_limit", "syntax_error", "unavailable")

CHECKLIST = BlockSchema(
    "checklist", "Items a judge scores 0-10; the final score is the weighted sum.",
    {
        "scale": Attr(Int(min=1), 10, doc="each item is scored from 0 to this"),
    },
    nested={"item": NestedSchema(
        "item",
        {
            "weight": Attr(Fraction(), doc="weights of all items sum to 100% (or 1)"),
            "question": Attr(Str(), doc="what the judge is asked"),
        },
        doc="One checklist item: `item code_correctness { weight = 15%, question = \"...\" }`.",
        min_count=1,
    )},
    extendable=True,
)

SCORE = BlockSchema(
    "score", "Checklist scoring by a judge model, and a threshold that filters.",
    {
        "input": Attr(Ref(*INSTRUCTION_BLOCKS)),
        "judge": Attr(Ref("llm")),
        "checklist": Attr(Ref("checklist")),
        "prompt": Attr(Ref("prompt")),
        "mode": Attr(Enum("single_call", "per_item"), "single_call",
                     doc="one call answering JSON for all items, or one call per item"),
        "threshold": Attr(Float(min=0), 0.0, doc="keep samples scoring at least this (0-scale)"),
        "keep_unscored": Attr(Bool(), False, doc="keep rows whose judgment could not be parsed "
                                                 "(they have no score)"),
        "sampling": Attr(Optional(SAMPLING), None),
    },
)

VERIFY = BlockSchema(
    "verify", "Run code in the isolated sandbox (static check, tests, execution) and keep rows "
              "by status: generated solutions, or documents such as synthetic pretraining code.",
    {
        "input": Attr(Ref(*INSTRUCTION_BLOCKS, "source", "pipeline")),
        "languages": Attr(ListOf(Language()), (), doc="empty: every language the rows carry"),
        "timeout": Attr(Duration(), 10.0, doc="per run"),
        "memory": Attr(Bytes(), 512 * 2**20, doc="per run"),
        "static_check": Attr(Bool(), True, doc="reject syntax errors before running"),
        "require_tests": Attr(Bool(), False, doc="rows without tests fail"),
        "parallelism": Attr(Int(min=0), 0, doc="concurrent runs; 0 = one per core"),
        "keep": Attr(ListOf(Enum(*STATUSES)), ("passed",), doc="statuses kept; others dropped"),
    },
)

REJECTION_SAMPLING = BlockSchema(
    "rejection_sampling", "n candidate answers per instruction; the best one is kept.",
    {
        "input": Attr(Ref(*INSTRUCTION_BLOCKS)),
        "llm": Attr(Ref("llm")),
        "prompt": Attr(Ref("prompt")),
        "n": Attr(Int(min=1), 4, doc="candidates per instruction"),
        "rank_by": Attr(Enum("score", "pass_rate"), "score",
                        doc="checklist score, or sandbox pass rate when tests exist"),
        "judge": Attr(Optional(Ref("llm")), None, doc="with rank_by = score"),
        "checklist": Attr(Optional(Ref("checklist")), None, doc="with rank_by = score"),
        "judge_prompt": Attr(Optional(Ref("prompt")), None, doc="with rank_by = score"),
        "verify": Attr(Optional(Ref("verify")), None,
                       doc="sandbox settings, with rank_by = pass_rate"),
        "sampling": Attr(Optional(SAMPLING), None),
        "require_code_block": Attr(Bool(), True,
                                   doc="false: an answer without a fenced code block is taken "
                                       "whole as the code"),
    },
)

SFT_DATA = BlockSchema(
    "sft_data", "An SFT dataset in chat format, assembled from generated and scored rows.",
    {
        "inputs": Attr(ListOf(OneOf(Ref(*INSTRUCTION_BLOCKS), Ref("source", "pipeline")),
                              min_items=1)),
        "system": Attr(Optional(Str()), None, doc="a system message for every conversation"),
        "min_score": Attr(Optional(Float(min=0)), None, doc="drop rows scored below this"),
        "format": Attr(Enum("jsonl", "parquet"), "jsonl"),
        "held_out": Attr(OneOf(Count("docs"), Fraction()), 0),
        "max_samples": Attr(Optional(Count("samples")), None),
    },
)

KINDS = (CHECKLIST, SCORE, VERIFY, REJECTION_SAMPLING, SFT_DATA)
