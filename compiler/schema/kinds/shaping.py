"""How documents become training sequences: `fim`, `repo_format`, `mixture`."""
from __future__ import annotations

from recipec.compiler.schema.block import BlockSchema, NestedSchema
from recipec.compiler.schema.types import (
    Attr, Count, Enum, Float, Fraction, Int, OneOf, Optional, Ref, SeqLen, Str, Template,
)

# Blocks whose output is documents a mixture can draw from.
DOCUMENT_BLOCKS = ("source", "pipeline", "verify")
SFT_BLOCKS = ("sft_data",)

FIM = BlockSchema(
    "fim", "File-level fill-in-the-middle: rate, PSM/SPM templates, how split points are drawn.",
    {
        "psm": Attr(Template(), doc="prefix-suffix-middle template with {prefix} {suffix} "
                                    "{middle}"),
        "spm": Attr(Optional(Template()), None,
                    doc="suffix-prefix-middle template; required when `spm_rate` > 0"),
        "rate": Attr(Fraction(), 0.5, doc="share of documents transformed"),
        "spm_rate": Attr(Fraction(), 0.5, doc="share of transformed documents in SPM"),
        "split": Attr(Enum("char", "line", "ast"), "char",
                      doc="where split points fall: uniform characters, line boundaries, or "
                          "whole syntax nodes (tree-sitter)"),
        "ast_share": Attr(Fraction(), 0.9,
                          doc="with `split = ast`: share of AST spans; the rest are random "
                              "character spans"),
        "level": Attr(Enum("document", "context"), "context",
                      doc="`context`: FIM per document inside a packed context, then trimmed or "
                          "padded back to the sequence length"),
        "pad": Attr(Str(), "<|fim_pad|>", doc="the pad token's text (context-level FIM)"),
    },
    example='fim file_fim { psm = qwen.fim_psm, spm = qwen.fim_spm, rate = 50%, spm_rate = 50% }',
)

REPO_FORMAT = BlockSchema(
    "repo_format", "Repository-level documents: the files of a repository concatenated, with "
                   "FIM on the last file.",
    {
        "header": Attr(Template(), doc="opens a repository; uses {repo_name}"),
        "file": Attr(Template(), doc="one file; uses {path} and {content}"),
        "separator": Attr(Str(), "\n", doc="between files"),
        "end": Attr(Str(), "<|endoftext|>", doc="closes a repository without FIM"),
        "fim": Attr(Optional(Ref("fim")), None, doc="FIM applied to the last file"),
        "order": Attr(Enum("path", "dependency"), "path",
                      doc="file order: by path, or imported files before their importers"),
        "max_files": Attr(Optional(Int(min=1)), None, doc="at most this many files per repo"),
    },
    example='repo_format repos { header = qwen.repo_header, file = qwen.repo_file, '
            'fim = fim.repo_fim }',
)

COMPONENT = NestedSchema(
    "component",
    {
        "weight": Attr(Fraction(), doc="share of the mixture's token budget"),
        "fim": Attr(Optional(Ref("fim")), None, doc="file-level FIM for this component"),
        "repo": Attr(Optional(Ref("repo_format")), None,
                     doc="group documents by repository in this format"),
        "max_epochs": Attr(Float(min=0), 1.0,
                           doc="repetition cap: how many times a document may be used"),
    },
    label=Ref(*DOCUMENT_BLOCKS),
    doc="One data component: `component pipeline.code { weight = 70% }`.",
    min_count=1,
)

MIXTURE = BlockSchema(
    "mixture", "Components sampled to their weights of a token budget, tokenized and packed to a "
               "sequence length. A mixture owns the tokenizer, sequence length and budget.",
    {
        "tokenizer": Attr(Ref("tokenizer"), doc="the tokenizer of the packed shards"),
        "seq_len": Attr(SeqLen(), doc="tokens per packed sequence"),
        "budget": Attr(Count("tokens"), doc="total tokens, e.g. `5.2T tokens`"),
        "held_out": Attr(OneOf(Count("docs"), Fraction()), 0,
                         doc="documents per component kept apart for evaluation (a count or a "
                             "share)"),
    },
    nested={"component": COMPONENT},
    extendable=True,
    example='mixture pretrain { tokenizer = tokenizer.coder, seq_len = 8Ki, budget = 5.2T tokens\n'
            '  component pipeline.code { weight = 70% } ... }',
)

KINDS = (FIM, REPO_FORMAT, MIXTURE)
