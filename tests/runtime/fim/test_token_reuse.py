"""Reusing a text's tokens between safe points gives exactly the ids of encoding a piece alone."""
from __future__ import annotations

import hashlib
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recipec.runtime.fim import ContextFim, FileFim, FimConfig, encode_segments
from recipec.runtime.fim import token_reuse
from recipec.runtime.fim.token_reuse import TokenReuse
from recipec.runtime.packing import SequencePacker, ShardWriter

# Lines of code-like text: indentation, CRLF, blank lines, symbols, digits, non-ASCII letters.
line = st.text(alphabet=st.sampled_from(list("ab_Z09 \t(){}:;.,'\"#=+-*/<>|\\$@!?") + ["é", "中", "\u00a0", "\x0c"]),
               max_size=30)
text_of_lines = st.lists(st.tuples(line, st.sampled_from(["\n", "\r\n", "\n\n", "\n  \n", "\n\t"])),
                         min_size=1, max_size=30).map(lambda parts: "".join(a + b for a, b in parts))


@pytest.fixture
def reuse_everything(monkeypatch):
    monkeypatch.setattr(token_reuse, "MIN_REUSE_CHARS", 0)  # exercise reuse on short texts too


def _check(encoder, text: str, start: int, end: int) -> bool:
    reuse = TokenReuse(encoder, text, encoder.encode(text))
    segments = reuse.piece(start, end)
    [ids] = encode_segments(encoder, [segments])
    assert list(ids) == list(encoder.encode(text[start:end])), (text, start, end, segments)
    return any(isinstance(s, np.ndarray) and len(s) for s in segments)


def test_the_qwen_tokenizer_qualifies(qwen25_encoder):
    assert TokenReuse.applies_to(qwen25_encoder)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=text_of_lines, cut=st.tuples(st.floats(0, 1), st.floats(0, 1)))
def test_pieces_of_generated_code(qwen25_encoder, reuse_everything, text, cut):
    start, end = sorted(int(f * len(text)) for f in cut)
    _check(qwen25_encoder, text, start, end)


def test_pieces_of_real_code(qwen25_encoder, stdlib_sources, reuse_everything):
    rng = random.Random(0)
    reused = 0
    for _, text in stdlib_sources[:60]:
        text = text[:6000]
        for _ in range(5):
            start, end = sorted(rng.randint(0, len(text)) for _ in range(2))
            reused += _check(qwen25_encoder, text, start, end)
    assert reused > 100  # the reuse path was taken, not only the fallback


def test_context_fim_with_and_without_reuse_is_byte_identical(qwen25_encoder, stdlib_sources, tmp_path):
    texts = [text for _, text in stdlib_sources[:40]]
    documents = FileFim(qwen25_encoder, None).encode(texts, list(range(len(texts))))

    def digest(folder, reuse):
        writer = ShardWriter(folder, seq_len=2048, vocab_size=qwen25_encoder.vocab_size, pad_id=151662)
        context = ContextFim(qwen25_encoder, FimConfig(rate=0.7, seed=5), key="k", reuse_tokens=reuse)
        assert context.reuse_tokens is reuse
        packer = SequencePacker(writer, transform=context)
        for ids in documents:
            packer.add(ids)
        writer.close(dict(packer.close()))
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}

    assert digest(tmp_path / "reuse", True) == digest(tmp_path / "plain", False)
