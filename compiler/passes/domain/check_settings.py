"""Settings that depend on each other inside one block: backends, formats, ranking."""
from __future__ import annotations

import re

from recipec.compiler.context import CompileContext

_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
FORMAT_BY_SUFFIX = {".jsonl": "jsonl", ".jsonl.gz": "jsonl", ".jsonl.zst": "jsonl",
                    ".json.gz": "jsonl", ".jsonl.bz2": "jsonl", ".parquet": "parquet"}


def infer_format(values: dict) -> str | None:
    """A source's format: as written, `hf_dataset` for `hf`, else from the path's suffix."""
    if values["format"] is not None:
        return values["format"]
    if values["hf"] is not None:
        return "hf_dataset"
    paths = values["path"] if isinstance(values["path"], tuple) else (values["path"],)
    for suffix, fmt in FORMAT_BY_SUFFIX.items():
        if all(p.endswith(suffix) for p in paths):
            return fmt
    return None


def check_settings(ctx: CompileContext) -> None:
    for block in ctx.blocks_of_kind("source"):
        if infer_format(block.values) is None:
            ctx.sink.error("E0620", block.span_of("path"), f"cannot tell the format of "
                           f"`{block.id}` from its path", label="no known file extension",
                           help="add `format = jsonl` (or parquet, repos for a folder of "
                                "repositories)")
        if block.values["format"] == "hf_dataset" and block.values["hf"] is None:
            ctx.sink.error("E0618", block.span_of("format"), "`format = hf_dataset` reads the "
                           "`hf` attribute", label="`hf` missing",
                           help='write `hf = "org/name"` or a dataset folder instead of `path`')
    for block in ctx.blocks_of_kind("llm"):
        if block.values["backend"] == "openai" and block.values["base_url"] is None:
            ctx.sink.error("E0618", block.header_span, "the `openai` backend needs `base_url`",
                           label="`base_url` missing",
                           help='e.g. `base_url = "http://127.0.0.1:8000/v1"`')
        env = block.values["api_key_env"]
        if env is not None and not _ENV_NAME.match(env):
            ctx.sink.error("E0619", block.span_of("api_key_env"), "`api_key_env` names an "
                           "environment variable; this does not look like one",
                           label="a variable name, never the key itself",
                           help='e.g. `api_key_env = "OPENAI_API_KEY"`; if this is a real key, '
                                "revoke it: it is now in your recipe")
    for block in ctx.blocks_of_kind("rejection_sampling"):
        needs = ("judge", "checklist", "judge_prompt") if block.values["rank_by"] == "score" \
            else ("verify",)
        for name in needs:
            if block.values[name] is None:
                ctx.sink.error("E0618", block.header_span, f"`rank_by = "
                               f"{block.values['rank_by']}` needs `{name}`",
                               label=f"`{name}` missing")
