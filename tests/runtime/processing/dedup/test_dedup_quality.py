"""The evaluation itself: exact Jaccard truth, planted corpora and scores must be right, or the
quality tests of the MinHash stages would prove nothing."""
from __future__ import annotations

import random

import pytest
from dedup_helpers import stdlib_python_files

from recipec.runtime.processing.dedup.quality import (
    jaccard_matrix,
    mutate,
    pairs_to_clusters,
    plant_near_duplicates,
    score,
    true_pairs,
)
from recipec.runtime.processing.dedup.shingles import shingles


def test_jaccard_matrix_is_exact_on_real_files():
    originals = stdlib_python_files(6)
    texts = originals + [mutate(originals[0], 0.1, random.Random(1)), originals[1]]
    rows, cols, similarity = jaccard_matrix(texts, 5)
    got = {(int(r), int(c)): s for r, c, s in zip(rows, cols, similarity)}
    sets = [set(shingles(t, 5)) for t in texts]
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            expected = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
            assert got.get((i, j), 0.0) == pytest.approx(expected)
    assert got[(1, 7)] == 1.0
    assert 0.3 < got[(0, 6)] < 0.95


def test_true_pairs_use_the_threshold():
    a = stdlib_python_files(3)
    texts = [a[0], a[0], a[1], mutate(a[2], 0.5, random.Random(0)), a[2]]
    assert (0, 1) in true_pairs(texts, 5, 0.9)
    assert (3, 4) not in true_pairs(texts, 5, 0.9)
    assert (3, 4) in true_pairs(texts, 5, 0.1)


def test_planted_corpus_is_reproducible_and_traceable():
    originals = stdlib_python_files(20)
    one = plant_near_duplicates(originals, seed=3, share=0.25)
    assert one == plant_near_duplicates(originals, seed=3, share=0.25)
    assert len(one.texts) == 20 + 5 * 3
    origins = [original for _, original, _ in one.planted]
    assert len(set(origins)) == 5 and all(origins.count(o) == 3 for o in origins)  # 3 strengths each
    for variant, original, strength in one.planted:
        assert one.texts[variant] != one.texts[original]
        assert strength in ("light", "medium", "heavy")


def test_scores_and_clusters():
    assert sorted(pairs_to_clusters([(0, 1), (2, 3), (1, 4)])) == [[0, 1, 4], [2, 3]]
    s = score({0, 1, 5}, {(0, 1), (2, 3)})
    assert (s.precision, s.recall, s.flagged, s.truly_duplicated) == (pytest.approx(2 / 3), 0.5, 3, 4)
    assert score(set(), set()).precision == 1.0
