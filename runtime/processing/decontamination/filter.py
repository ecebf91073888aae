"""datatrove's `NGramsDecontFilter`, with whitespace words and a set test per document.

Same index files, normalisation, n-grams, hash function and metadata as the stock filter
(`contaminated_ngram`, `contaminated_task` on a dropped document). Two changes, neither of which
alters which documents are dropped: words come from shingles.py (no spaCy; a fast path for
ASCII), and a document's n-gram hashes are tested against the index in one C-level
`isdisjoint` call, looking for the first hit only when there is one.

A dropped document's reason is `contaminated_<benchmark>`, so datatrove's stats count drops
per benchmark as `dropped_contaminated_<benchmark>`.
"""
from __future__ import annotations

from datatrove.data import Document
from datatrove.io import DataFolderLike
from datatrove.pipeline.decont.n_grams import NGramsDecontFilter
from datatrove.pipeline.writers.disk_base import DiskWriter
from datatrove.utils.hashing import create_hash_func

from recipec.runtime.processing.decontamination.index import decont_config
from recipec.runtime.processing.dedup.shingles import WhitespaceWordTokenizer, shingles

DROP_REASON_PREFIX = "contaminated_"


class DecontaminationFilter(NGramsDecontFilter):
    name = "💥 N-grams decontaminate"

    def __init__(self, index_folder: DataFolderLike, ngram: int = 10, exclusion_writer: DiskWriter | None = None):
        super().__init__(
            index_folder,
            config=decont_config(ngram),
            exclusion_writer=exclusion_writer,
            language=WhitespaceWordTokenizer(),
        )
        self._hash_bytes = create_hash_func(self.config.hash_config, bytes)

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        if self._index_hashes is None:
            self.load_index_hashes()
        grams = shingles(doc.text, self.config.n_grams, self.config.norm_config)
        hashes = list(map(self._hash_bytes, grams))
        index = self._index_hashes
        if index.keys().isdisjoint(hashes):
            return True
        for gram, value in zip(grams, hashes):
            task = index.get(value)
            if task is not None:
                doc.metadata["contaminated_ngram"] = gram.decode("utf-8", "surrogatepass")
                doc.metadata["contaminated_task"] = task
                return False, f"{DROP_REASON_PREFIX}{task}"
        return True  # unreachable: isdisjoint said there is a hit


def drops_per_benchmark(pipeline_stats: list[dict]) -> dict[str, int]:
    """Drops per benchmark from a stage's datatrove `stats.json` (the list of per-step stats)."""
    prefix = f"dropped_{DROP_REASON_PREFIX}"
    drops: dict[str, int] = {}
    for step in pipeline_stats:
        for key, value in step.get("stats", {}).items():
            if key.startswith(prefix):
                count = value["total"] if isinstance(value, dict) else value
                drops[key[len(prefix):]] = drops.get(key[len(prefix):], 0) + int(count)
    return dict(sorted(drops.items()))
