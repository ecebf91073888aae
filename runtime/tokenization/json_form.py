"""The `tokenizer.json` shape of a byte-level BPE and of its added tokens, built as plain data.

Writing the document directly (rather than through the `tokenizers` Python setters) lets the
added tokens sit at the ids a recipe declares: `tokenizers` numbers added tokens consecutively
after the model's vocabulary, so the ids must be laid out without gaps before it loads them.
"""
from __future__ import annotations

from collections.abc import Iterable

from recipec.runtime.tokenization.added_tokens import AddedToken, check_added_tokens
from recipec.runtime.tokenization.errors import TokenizerError

RESERVED_TEXT = "<|reserved_{id}|>"


def _byte_level(**flags: bool) -> dict:
    return {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False, **flags}


def byte_level_pre_tokenizer(pattern: str) -> dict:
    return {"type": "Sequence", "pretokenizers": [
        {"type": "Split", "pattern": {"Regex": pattern}, "behavior": "Isolated", "invert": False},
        _byte_level(),
    ]}


def byte_level_bpe_json(vocab: dict[str, int], merges: list[tuple[str, str]], pattern: str,
                        normalizer: str | None = "NFC") -> dict:
    """A complete tokenizer document: normalizer, Split+ByteLevel, ByteLevel decoder, BPE model."""
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [],
        "normalizer": {"type": normalizer} if normalizer else None,
        "pre_tokenizer": byte_level_pre_tokenizer(pattern),
        "post_processor": _byte_level(),
        "decoder": _byte_level(),
        "model": {
            "type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
            "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
            "vocab": vocab, "merges": [list(pair) for pair in merges],
        },
    }


def _entry(text: str, token_id: int, special: bool) -> dict:
    return {"id": token_id, "content": text, "single_word": False, "lstrip": False, "rstrip": False,
            "normalized": False, "special": special}


def add_tokens_at_ids(document: dict, added_tokens: Iterable[AddedToken], base_vocab_size: int) -> dict:
    """Sets `document["added_tokens"]`: declared ids kept, undeclared ones appended in order.

    Ids left unused between the vocabulary and the last added token are filled with special
    `<|reserved_N|>` tokens (as Llama 3 does), because `tokenizers` cannot leave holes.
    """
    tokens = check_added_tokens(added_tokens)
    vocab = document["model"]["vocab"]
    placed: dict[int, AddedToken] = {}
    for token in tokens:
        if token.id is None:
            continue
        if token.id < base_vocab_size:
            raise TokenizerError(
                f"added token `{token.text}` is declared at id {token.id}, inside the vocabulary "
                f"(ids 0..{base_vocab_size - 1})",
                f"declare ids from {base_vocab_size} on, or train a vocabulary smaller than {token.id}")
        placed[token.id] = token
    next_id = max([base_vocab_size - 1, *placed]) + 1
    for token in tokens:
        if token.id is None:
            placed[next_id] = AddedToken(token.text, next_id, token.special)
            next_id += 1
    for token in placed.values():
        if token.text in vocab:
            raise TokenizerError(f"added token `{token.text}` is also an ordinary vocabulary entry",
                                 "choose a text that the vocabulary does not contain")
    entries = []
    for token_id in range(base_vocab_size, next_id):
        token = placed.get(token_id)
        entries.append(_entry(token.text, token_id, token.special) if token
                       else _entry(RESERVED_TEXT.format(id=token_id), token_id, True))
    document["added_tokens"] = entries
    return document
