"""Tokenizers for recipes: Qwen2.5's built offline, loaded from files or the local hub cache,
or trained; and a fast encoder for document text with added-token matching off.

Names are imported on first use (PEP 562), so that asking where the Qwen2.5 ranks are — which
`recipec plan` does for every tokenizer step — does not import numpy and huggingface_hub.
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "QWEN25_ADDED_TOKENS": "added_tokens", "AddedToken": "added_tokens",
    "check_added_tokens": "added_tokens", "TextEncoder": "encoder", "TokenizerError": "errors",
    "QWEN2_PATTERN": "from_tiktoken_ranks", "build_qwen25_tokenizer": "from_tiktoken_ranks",
    "build_tokenizer_from_ranks": "from_tiktoken_ranks", "derive_merges": "from_tiktoken_ranks",
    "load_tiktoken_ranks": "from_tiktoken_ranks", "locate_qwen_ranks": "from_tiktoken_ranks",
    "resolve_ranks": "from_tiktoken_ranks", "Part": "masked", "encode_parts": "masked",
    "load_hub_tokenizer": "loading", "load_tokenizer": "loading",
    "resolve_from_hub_cache": "loading", "resolve_hub_files": "loading", "train_bpe": "training",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
