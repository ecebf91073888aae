"""Stage 1: rensa signatures in datatrove's on-disk format, and as accurate as MinHash should be."""
from __future__ import annotations

import numpy as np
import pytest
from datatrove.data import Document
from datatrove.io import get_datafolder
from datatrove.pipeline.dedup.minhash import read_sigs
from dedup_helpers import stdlib_python_files

from recipec.runtime.processing.dedup.minhash import MinhashParams, minhash_config
from recipec.runtime.processing.dedup.minhash_signature import RensaMinhashSignature, signature_matrix
from recipec.runtime.processing.dedup.quality import jaccard_matrix, mutate
from recipec.runtime.processing.dedup.shingles import shingles


def _run_signature(folder, texts, params, rank=0):
    step = RensaMinhashSignature(str(folder), minhash_config(params))
    step.run((Document(text=t, id=str(i)) for i, t in enumerate(texts)), rank=rank, world_size=rank + 1)
    return get_datafolder(str(folder))


def test_signature_files_are_sorted_and_readable_by_datatrove(tmp_path):
    params = MinhashParams(ngram=5, bands=4, rows=3, seed=7)
    texts = stdlib_python_files(30) + ["too short"]
    folder = _run_signature(tmp_path, texts, params, rank=2)
    config = minhash_config(params)
    assert sorted(folder.list_files()) == [f"bucket_{b:03d}/00002.minhash.sig" for b in range(4)]
    for band in range(4):
        with folder.open(f"bucket_{band:03d}/00002.minhash.sig", "rb") as f:
            sigs = list(read_sigs(f, 0, config))  # asserts sorted order itself
        assert len(sigs) == 30  # the short document has no 5-gram and no signature
        assert sorted(s.doc_id for s in sigs) == list(range(30))
        assert all(len(s.sig) == 3 for s in sigs)


def test_signature_rows_match_the_in_memory_matrix(tmp_path):
    params = MinhashParams(ngram=3, bands=2, rows=4, seed=3)
    texts = stdlib_python_files(5)
    folder = _run_signature(tmp_path, texts, params)
    expected = signature_matrix([shingles(t, 3) for t in texts], 8, 3)
    with folder.open("bucket_001/00000.minhash.sig", "rb") as f:
        by_doc = {s.doc_id: s.sig for s in read_sigs(f, 0, minhash_config(params))}
    for doc, row in enumerate(expected):
        assert by_doc[doc] == tuple(row[4:8].tolist())


def test_signatures_are_deterministic_and_follow_the_seed():
    sets = [shingles(t, 5) for t in stdlib_python_files(10)]
    a = signature_matrix(sets, 112, 1)
    assert np.array_equal(a, signature_matrix(sets, 112, 1))
    assert (a != signature_matrix(sets, 112, 2)).mean() > 0.9


def test_signatures_estimate_jaccard_of_real_code_pairs():
    # Real files and edited copies spanning similarities from ~0.3 to 1.
    rng = np.random.default_rng(0)
    import random

    originals = stdlib_python_files(40)
    texts, pairs = [], []
    for i, text in enumerate(originals):
        variant = mutate(text, rate=float(rng.uniform(0.0, 0.3)), rng=random.Random(i))
        pairs.append((len(texts), len(texts) + 1))
        texts += [text, variant]
    rows, cols, sim = jaccard_matrix(texts, 5)
    exact = {(int(r), int(c)): s for r, c, s in zip(rows, cols, sim)}
    sigs = signature_matrix([shingles(t, 5) for t in texts], 256, 11)
    errors = [abs((sigs[a] == sigs[b]).mean() - exact[(a, b)]) for a, b in pairs]
    # standard error of a 256-permutation estimate is <= 0.5/sqrt(256) = 0.031
    assert np.mean(errors) < 0.03
    assert max(errors) < 0.12


def test_rejects_64_bit_config(tmp_path):
    from datatrove.pipeline.dedup.minhash import MinhashConfig

    with pytest.raises(ValueError, match="32-bit"):
        RensaMinhashSignature(str(tmp_path), MinhashConfig())


def test_batches_are_bounded_by_shingles_too(tmp_path, monkeypatch):
    from recipec.runtime.processing.dedup import minhash_signature

    texts = stdlib_python_files(12)
    whole = _run_signature(tmp_path / "whole", texts, MinhashParams(bands=2, rows=2))
    monkeypatch.setattr(minhash_signature, "BATCH_SHINGLES", 1_000)  # about one file per batch
    batched = _run_signature(tmp_path / "batched", texts, MinhashParams(bands=2, rows=2))
    for name in whole.list_files():
        with whole.open(name, "rb") as a, batched.open(name, "rb") as b:
            assert a.read() == b.read()
