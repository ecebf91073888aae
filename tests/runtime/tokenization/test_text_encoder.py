"""The document encoder: added-token matching off, tiktoken where it equals HF tokenizers."""
from __future__ import annotations

import pickle
import unicodedata

import numpy as np
import pytest
from tokenizers import Tokenizer, pre_tokenizers
from tokenizers.models import WordLevel

from recipec.runtime.tokenization import TextEncoder, TokenizerError


@pytest.fixture(scope="module")
def hf_encoder(qwen25_tokenizer) -> TextEncoder:
    return TextEncoder(qwen25_tokenizer, backend="hf")


def test_qwen25_gets_the_tiktoken_backend(qwen25_encoder):
    assert qwen25_encoder.backend == "tiktoken", qwen25_encoder.backend_reason


def test_tiktoken_and_hf_agree_on_real_code(qwen25_encoder, hf_encoder, stdlib_sources):
    texts = [text for _, text in stdlib_sources]
    fast = qwen25_encoder.encode_batch(texts)
    slow = hf_encoder.encode_batch(texts)
    differing = [path for (path, _), a, b in zip(stdlib_sources, fast, slow) if not np.array_equal(a, b)]
    assert differing == []
    assert sum(len(ids) for ids in fast) > 300_000


@pytest.fixture(params=["tiktoken", "hf"])
def encoder(request, qwen25_encoder, hf_encoder) -> TextEncoder:
    return {"tiktoken": qwen25_encoder, "hf": hf_encoder}[request.param]


def test_literal_control_text_never_becomes_a_control_token(qwen25_tokenizer, encoder):
    text = "x = '<|endoftext|>'  # <|fim_prefix|><|fim_suffix|><|fim_middle|><|im_start|><|file_sep|><tool_call>"
    ids = encoder.encode(text)
    assert ids.dtype == np.uint32
    assert int(ids.max()) < 151643
    assert encoder.decode(ids) == text
    # the tokenizer itself (matching on) does produce them: the encoder is what turns it off
    assert 151643 in qwen25_tokenizer.encode(text, add_special_tokens=False).ids


def test_text_is_nfc_normalised_like_the_hf_normalizer(encoder):
    decomposed = "cafe\u0301 = 'Ä'"
    assert list(encoder.encode(decomposed)) == list(encoder.encode(unicodedata.normalize("NFC", decomposed)))


def test_batch_equals_one_by_one(qwen25_encoder, stdlib_sources):
    texts = ["", "a", *(text[:500] for _, text in stdlib_sources[:40]), ""]
    batch = qwen25_encoder.encode_batch(texts)
    assert [list(ids) for ids in batch] == [list(qwen25_encoder.encode(text)) for text in texts]
    assert len(batch[0]) == 0


def test_sentinel_lookup(qwen25_encoder):
    assert qwen25_encoder.added_token_id("<|fim_middle|>") == 151660
    assert qwen25_encoder.added_token_id("<|fim_mid|>") is None
    assert qwen25_encoder.added_token_id("hello") is None  # one vocabulary entry, but not an added token


def test_decode_bytes_is_exact_and_refuses_added_tokens(qwen25_encoder, hf_encoder):
    ids = qwen25_encoder.encode("naïve ☃")
    assert qwen25_encoder.decode_bytes(ids) == "naïve ☃".encode()
    assert hf_encoder.decode_bytes(ids) == "naïve ☃".encode()
    assert qwen25_encoder.decode_bytes([*ids, 151643]) is None
    assert hf_encoder.decode_bytes([*ids, 151643]) is None


def test_encoder_survives_pickling(qwen25_encoder):
    copy = pickle.loads(pickle.dumps(qwen25_encoder))
    assert copy.backend == "tiktoken"
    assert list(copy.encode("def f(): pass")) == list(qwen25_encoder.encode("def f(): pass"))


def test_tiktoken_is_refused_for_a_tokenizer_it_cannot_reproduce():
    tokenizer = Tokenizer(WordLevel({"a": 0, "[UNK]": 1}, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    assert TextEncoder(tokenizer).backend == "hf"
    with pytest.raises(TokenizerError, match="tiktoken cannot reproduce this tokenizer: model is WordLevel"):
        TextEncoder(tokenizer, backend="tiktoken")
