"""Tokenizers for recipes: Qwen2.5's built offline, loaded from files or the local hub cache,
or trained; and a fast encoder for document text with added-token matching off."""
from recipec.runtime.tokenization.added_tokens import QWEN25_ADDED_TOKENS, AddedToken, check_added_tokens
from recipec.runtime.tokenization.encoder import TextEncoder
from recipec.runtime.tokenization.errors import TokenizerError
from recipec.runtime.tokenization.from_tiktoken_ranks import (
    QWEN2_PATTERN,
    build_qwen25_tokenizer,
    build_tokenizer_from_ranks,
    derive_merges,
    load_tiktoken_ranks,
    locate_qwen_ranks,
    resolve_ranks,
)
from recipec.runtime.tokenization.masked import Part, encode_parts
from recipec.runtime.tokenization.loading import load_hub_tokenizer, load_tokenizer, resolve_from_hub_cache
from recipec.runtime.tokenization.training import train_bpe

__all__ = [
    "QWEN25_ADDED_TOKENS", "QWEN2_PATTERN", "AddedToken", "Part", "TextEncoder", "TokenizerError",
    "build_qwen25_tokenizer", "build_tokenizer_from_ranks", "check_added_tokens", "derive_merges", "encode_parts",
    "load_hub_tokenizer", "load_tiktoken_ranks", "load_tokenizer", "locate_qwen_ranks",
    "resolve_from_hub_cache", "resolve_ranks", "train_bpe",
]
