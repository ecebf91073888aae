"""Deterministic sampling by document id: the same documents are kept whatever the number of
tasks, workers or order, because each decision depends only on (seed, id)."""
from __future__ import annotations

import hashlib
import json

from datatrove.data import Document
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter


def unit_interval(seed: int, doc_id: str) -> float:
    """A uniform number in [0, 1) from (seed, id)."""
    digest = hashlib.blake2b(f"{seed}\0{doc_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


class SampleFilter(BaseFilter):
    """Keeps a `rate` share of documents. Reason: `sampled_out`."""

    name = "🎲 Sample"

    def __init__(self, rate: float, seed: int, exclusion_writer: DiskWriter | None = None):
        super().__init__(exclusion_writer)
        self.rate = rate
        self.seed = seed

    def filter(self, doc: Document):
        return unit_interval(self.seed, doc.id) < self.rate or (False, "sampled_out")


class LanguageCounter(PipelineStep):
    """Counts documents per `language` metadata and writes `<folder>/<rank>.json`."""

    name = "🔢 Language counts"

    def __init__(self, folder: str):
        super().__init__()
        self.folder = folder

    def run(self, data, rank: int = 0, world_size: int = 1):
        counts: dict[str, int] = {}
        for doc in data:
            language = doc.metadata.get("language") or "unknown"
            counts[language] = counts.get(language, 0) + 1
        with open(f"{self.folder}/{rank:05d}.json", "w") as f:
            json.dump(counts, f, sort_keys=True)
        yield from ()


class RareLanguageSampler(BaseFilter):
    """Keeps documents of the `rare` languages at `keep`, all others. Reason: `rare_language`."""

    name = "🦄 Rare-language down-sampling"

    def __init__(self, rare: list[str], keep: float, seed: int,
                 exclusion_writer: DiskWriter | None = None):
        super().__init__(exclusion_writer)
        self.rare = frozenset(rare)
        self.keep = keep
        self.seed = seed

    def filter(self, doc: Document):
        if (doc.metadata.get("language") or "unknown") not in self.rare:
            return True
        return unit_interval(self.seed, doc.id) < self.keep or (False, "rare_language")
