"""The held-out split: by a hash of (seed, document id), with an optional token cap."""
from __future__ import annotations

import pytest

from recipec.runtime.packing import HeldOutSplitter


def test_fraction_and_determinism():
    splitter = HeldOutSplitter(0.05, seed=1)
    chosen = [doc for doc in range(20_000) if splitter.is_held_out(f"doc-{doc}")]
    assert 900 < len(chosen) < 1100
    again = HeldOutSplitter(0.05, seed=1)
    assert chosen == [doc for doc in range(20_000) if again.is_held_out(f"doc-{doc}")]
    # order does not matter: a document's fate is its own
    reverse = HeldOutSplitter(0.05, seed=1)
    assert sorted(doc for doc in reversed(range(20_000)) if reverse.is_held_out(f"doc-{doc}")) == chosen
    other = HeldOutSplitter(0.05, seed=2)
    assert chosen != [doc for doc in range(20_000) if other.is_held_out(f"doc-{doc}")]


def test_token_cap():
    splitter = HeldOutSplitter(0.5, seed=0, max_tokens=1000)
    held = [doc for doc in range(1000) if splitter.is_held_out(doc, tokens=100)]
    assert len(held) == 10 and splitter.tokens == 1000


def test_document_cap():
    splitter = HeldOutSplitter(1.0, max_documents=3)
    assert [doc for doc in range(10) if splitter.is_held_out(doc)] == [0, 1, 2]


def test_bad_fraction():
    with pytest.raises(ValueError, match="outside"):
        HeldOutSplitter(1.5)
