"""Training a small byte-level BPE with the recipe's added tokens at their declared ids."""
from __future__ import annotations

import pytest

from recipec.runtime.tokenization import AddedToken, TextEncoder, TokenizerError, train_bpe


@pytest.fixture(scope="module")
def corpus(stdlib_sources) -> list[str]:
    return [text for _, text in stdlib_sources[:60]]


@pytest.fixture(scope="module")
def trained(corpus):
    added = [AddedToken("<|endoftext|>", 2000), AddedToken("<|fim_prefix|>", 2001, special=False),
             AddedToken("<|fim_middle|>", 2002, special=False), AddedToken("<|fim_suffix|>", 2003, special=False),
             AddedToken("<|fim_pad|>", special=False)]
    return train_bpe(corpus, 2000, added)


def test_added_tokens_sit_at_their_ids_and_undeclared_ones_follow(trained):
    assert trained.get_vocab_size(with_added_tokens=False) == 2000
    assert trained.token_to_id("<|endoftext|>") == 2000
    assert trained.token_to_id("<|fim_suffix|>") == 2003
    assert trained.token_to_id("<|fim_pad|>") == 2004
    specials = {token.content: token.special for token in trained.get_added_tokens_decoder().values()}
    assert specials == {"<|endoftext|>": True, "<|fim_prefix|>": False, "<|fim_middle|>": False,
                        "<|fim_suffix|>": False, "<|fim_pad|>": False}


def test_trained_vocabulary_learns_code(trained):
    ids = trained.encode("def __init__(self):\n        return None\n", add_special_tokens=False).ids
    assert len(ids) < 14  # far fewer than the 40 bytes: real merges were learnt
    assert trained.decode(ids) == "def __init__(self):\n        return None\n"


def test_training_is_deterministic(corpus, trained):
    again = train_bpe(corpus, 2000, [AddedToken("<|endoftext|>", 2000), AddedToken("<|fim_prefix|>", 2001, False),
                                     AddedToken("<|fim_middle|>", 2002, False), AddedToken("<|fim_suffix|>", 2003, False),
                                     AddedToken("<|fim_pad|>", None, False)])
    assert again.to_str() == trained.to_str()


def test_the_fast_encoder_applies_and_agrees_on_real_code(trained, stdlib_sources):
    fast, slow = TextEncoder(trained), TextEncoder(trained, backend="hf")
    assert fast.backend == "tiktoken", fast.backend_reason
    texts = [text for _, text in stdlib_sources[60:]]
    assert [list(ids) for ids in fast.encode_batch(texts)] == [list(ids) for ids in slow.encode_batch(texts)]


def test_vocabulary_must_fit_below_the_declared_ids(corpus):
    with pytest.raises(TokenizerError, match="overlaps the declared added-token id 500"):
        train_bpe(corpus[:3], 1000, [AddedToken("<|endoftext|>", 500)])


def test_gaps_below_declared_ids_are_reserved(corpus):
    tokenizer = train_bpe(corpus[:5], 400, [AddedToken("<|end|>", 410)])
    assert tokenizer.token_to_id("<|end|>") == 410
    assert tokenizer.token_to_id("<|reserved_405|>") == 405


def test_duplicate_declarations_are_refused(corpus):
    with pytest.raises(TokenizerError, match="declared twice"):
        train_bpe(corpus[:2], 300, [AddedToken("<|a|>", 300), AddedToken("<|a|>", 301)])
    with pytest.raises(TokenizerError, match="id 300 is declared for two"):
        train_bpe(corpus[:2], 300, [AddedToken("<|a|>", 300), AddedToken("<|b|>", 300)])
