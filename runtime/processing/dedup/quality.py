"""How good a near-dedup result is: planted near-duplicates of real code, exact Jaccard truth,
and precision/recall of the clusters a method found.

Used by the tests and by benchmarks/bench_dedup.py to hold our MinHash stages to datasketch's
`MinHashLSH` with the same parameters. The ground truth is computed, not assumed: every pair of
documents whose exact Jaccard similarity of n-gram shingle sets (the shingles of shingles.py) is
at least `threshold` is a true pair, whether planted or already present in the real files.

Scores are per document: a document is *flagged* when a method puts it in a cluster of two or
more, and *truly duplicated* when it has at least one true partner. precision = flagged and true /
flagged; recall = flagged and true / true.
"""
from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from recipec.runtime.processing.dedup.shingles import shingle_hashes

# Line-edit rates of the planted variants: light edits stay near-duplicates, heavy ones do not.
EDIT_RATES = {"light": 0.02, "medium": 0.06, "heavy": 0.3}


@dataclass(frozen=True)
class PlantedCorpus:
    texts: list[str]
    # for each planted variant: (index of the variant, index of its original, strength)
    planted: list[tuple[int, int, str]]


def _edit_line(line: str, rng: random.Random) -> str:
    words = line.split()
    if not words:
        return line
    i = rng.randrange(len(words))
    words[i] = f"{words[i]}_{rng.randrange(1000)}"
    indent = line[: len(line) - len(line.lstrip())]
    return indent + " ".join(words) + "\n"


def mutate(text: str, rate: float, rng: random.Random) -> str:
    """Deletes, edits or duplicates each line with total probability `rate` (a third each)."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    for line in lines:
        r = rng.random()
        if r < rate / 3:
            continue
        if r < 2 * rate / 3:
            out.append(_edit_line(line, rng))
        elif r < rate:
            out.extend([line, rng.choice(lines)])
        else:
            out.append(line)
    return "".join(out)


def plant_near_duplicates(originals: list[str], seed: int, share: float = 0.3) -> PlantedCorpus:
    """Originals plus, for a `share` of them, one variant per strength, shuffled together."""
    rng = random.Random(seed)
    items: list[tuple[str, int | None, str | None]] = [(text, i, None) for i, text in enumerate(originals)]
    for i in rng.sample(range(len(originals)), int(share * len(originals))):
        for strength, rate in EDIT_RATES.items():
            items.append((mutate(originals[i], rate, rng), i, strength))
    rng.shuffle(items)
    position_of_original = {origin: pos for pos, (_, origin, strength) in enumerate(items) if strength is None}
    planted = [
        (pos, position_of_original[origin], strength)
        for pos, (_, origin, strength) in enumerate(items)
        if strength is not None
    ]
    return PlantedCorpus([text for text, _, _ in items], planted)


def jaccard_matrix(texts: list[str], ngram: int):
    """Exact pairwise Jaccard similarities (scipy sparse, upper triangle, zero-overlap pairs absent)."""
    from scipy import sparse

    sets = [np.unique(shingle_hashes(text, ngram)) for text in texts]
    vocabulary, columns = np.unique(np.concatenate(sets), return_inverse=True)
    rows = np.repeat(np.arange(len(sets)), [len(s) for s in sets])
    incidence = sparse.csr_matrix(
        (np.ones(len(columns), dtype=np.int32), (rows, columns)), shape=(len(sets), len(vocabulary))
    )
    overlap = sparse.triu(incidence @ incidence.T, k=1).tocoo()
    sizes = np.array([len(s) for s in sets])
    union = sizes[overlap.row] + sizes[overlap.col] - overlap.data
    return overlap.row, overlap.col, overlap.data / union


def true_pairs(texts: list[str], ngram: int, threshold: float) -> set[tuple[int, int]]:
    rows, cols, similarity = jaccard_matrix(texts, ngram)
    keep = similarity >= threshold
    return set(zip(rows[keep].tolist(), cols[keep].tolist()))


def clusters_to_flags(clusters: Iterable[Iterable[int]]) -> set[int]:
    """Documents that share a cluster with at least one other."""
    return {doc for cluster in clusters for doc in cluster if len(set(cluster)) > 1}


def pairs_to_clusters(pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Connected components of a pair graph (transitive closure), members sorted."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for x in parent:
        groups.setdefault(find(x), []).append(x)
    return [sorted(members) for members in groups.values()]


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    flagged: int
    truly_duplicated: int


def score(flagged: set[int], truth: set[tuple[int, int]]) -> Scores:
    truly = {doc for pair in truth for doc in pair}
    hits = len(flagged & truly)
    return Scores(
        precision=hits / len(flagged) if flagged else 1.0,
        recall=hits / len(truly) if truly else 1.0,
        flagged=len(flagged),
        truly_duplicated=len(truly),
    )


def datasketch_clusters(texts: list[str], ngram: int, bands: int, rows: int, seed: int) -> list[list[int]]:
    """The reference: datasketch MinHash + MinHashLSH with the same shingles, bands and rows."""
    from datasketch import LeanMinHash, MinHash, MinHashLSH

    lsh = MinHashLSH(num_perm=bands * rows, params=(bands, rows))
    pairs: list[tuple[int, int]] = []
    for i, text in enumerate(texts):
        shingles = shingle_hashes(text, ngram)
        if shingles.size == 0:
            continue
        # datasketch hashes its input with a 32-bit hash; feed it the 64-bit shingles as bytes.
        m = MinHash(num_perm=bands * rows, seed=seed)
        m.update_batch([s.tobytes() for s in shingles])
        lean = LeanMinHash(m)
        pairs.extend((j, i) for j in lsh.query(lean))
        lsh.insert(i, lean)
    return pairs_to_clusters(pairs)
