"""Added (control) tokens as a recipe declares them: text, id and whether they are "special".

"Special" follows HF `tokenizers`: a special token is dropped by `decode(skip_special_tokens=True)`.
Qwen2.5 flags only 151643-151656 so; its FIM, repo and tool-call tokens (151657-151664) are
ordinary added tokens, and a tokenizer that flags them differently would strip them from decoded
FIM samples (design.md section 5).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from recipec.runtime.tokenization.errors import TokenizerError


@dataclass(frozen=True)
class AddedToken:
    text: str
    id: int | None = None  # None: append after the vocabulary, in declaration order
    special: bool = True


def _qwen25_table() -> tuple[AddedToken, ...]:
    texts = [
        "<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|object_ref_start|>", "<|object_ref_end|>",
        "<|box_start|>", "<|box_end|>", "<|quad_start|>", "<|quad_end|>", "<|vision_start|>",
        "<|vision_end|>", "<|vision_pad|>", "<|image_pad|>", "<|video_pad|>", "<tool_call>",
        "</tool_call>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>",
        "<|repo_name|>", "<|file_sep|>",
    ]
    first = 151643
    return tuple(AddedToken(text, first + i, special=first + i < 151657) for i, text in enumerate(texts))


# The table the stdlib's `qwen25_coder` module declares; kept here for tests and benchmarks,
# the build always takes the recipe's own declaration.
QWEN25_ADDED_TOKENS: tuple[AddedToken, ...] = _qwen25_table()


def check_added_tokens(tokens: Iterable[AddedToken]) -> list[AddedToken]:
    """Rejects empty texts and duplicate texts or ids; returns the tokens as a list."""
    tokens = list(tokens)
    seen_text: set[str] = set()
    seen_id: set[int] = set()
    for token in tokens:
        if not token.text:
            raise TokenizerError("an added token has empty text", "give every special token its text")
        if token.text in seen_text:
            raise TokenizerError(f"added token `{token.text}` is declared twice", "declare each token once")
        if token.id is not None:
            if token.id < 0:
                raise TokenizerError(f"added token `{token.text}` has negative id {token.id}")
            if token.id in seen_id:
                raise TokenizerError(f"id {token.id} is declared for two added tokens",
                                     "give every special token its own id")
            seen_id.add(token.id)
        seen_text.add(token.text)
    return tokens
