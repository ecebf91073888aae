"""Trains a small byte-level BPE with HF `tokenizers`, placing the recipe's added tokens at their ids.

The trained tokenizer has the same shape as Qwen2.5's (NFC, Split on the Qwen2 regex, ByteLevel
without its own regex), so the fast tiktoken encoder applies to it as well. `vocab_size` counts
the trained entries only (the 256 bytes and the merges); added tokens come on top: at their
declared ids, which must lie at or above `vocab_size`, or appended after the vocabulary.
"""
from __future__ import annotations

import json
from collections.abc import Iterable

from recipec.runtime.tokenization.added_tokens import AddedToken, check_added_tokens
from recipec.runtime.tokenization.errors import TokenizerError
from recipec.runtime.tokenization.from_tiktoken_ranks import QWEN2_PATTERN
from recipec.runtime.tokenization.json_form import add_tokens_at_ids, byte_level_pre_tokenizer

BYTE_ALPHABET_SIZE = 256


def train_bpe(texts: Iterable[str], vocab_size: int, added_tokens: Iterable[AddedToken] = (), *,
              min_frequency: int = 2, pattern: str = QWEN2_PATTERN):
    """A `tokenizers.Tokenizer` trained on `texts` (any iterable; it is streamed once)."""
    from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, trainers
    from tokenizers.models import BPE

    added = check_added_tokens(added_tokens)
    if vocab_size <= BYTE_ALPHABET_SIZE:
        raise TokenizerError(f"vocab_size {vocab_size} leaves no room for merges",
                             f"a byte-level BPE needs more than {BYTE_ALPHABET_SIZE} entries")
    declared = [token.id for token in added if token.id is not None]
    if declared and vocab_size > min(declared):
        raise TokenizerError(
            f"vocab_size {vocab_size} overlaps the declared added-token id {min(declared)}",
            f"train at most {min(declared)} entries, or declare the added tokens from id {vocab_size} on")

    tokenizer = Tokenizer(BPE(unk_token=None, fuse_unk=False, byte_fallback=False))
    tokenizer.normalizer = normalizers.NFC()
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(pattern), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False),
    ])
    tokenizer.decoder = decoders.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False)
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=min_frequency, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), special_tokens=[])
    tokenizer.train_from_iterator(texts, trainer=trainer)

    document = json.loads(tokenizer.to_str())
    # The setters above serialise the pre-tokenizer in a slightly different form; store the
    # canonical one so a trained tokenizer and the Qwen2.5 one are recognised alike.
    document["pre_tokenizer"] = byte_level_pre_tokenizer(pattern)
    document["post_processor"] = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False,
                                  "use_regex": False}
    document = add_tokens_at_ids(document, added, base_vocab_size=len(document["model"]["vocab"]))
    return Tokenizer.from_str(json.dumps(document, ensure_ascii=False))
