"""The n-gram index of the benchmarks, in the files datatrove's `NGramsDecontFilter` loads.

datatrove's `NGramsDecontIndexer` builds `<task>.index.hashes` (raw little-endian uint64 hashes)
from lighteval tasks, which it fetches from the hub: it cannot run offline. `BuildDecontIndex`
writes the same files from local benchmark data, with datatrove's own hash function
(`create_hash_func`, xxh64 by default) over datatrove's n-grams of normalised words.

One deliberate difference: n-grams in which numbers are half of the words or more are not
indexed. Normalisation turns every number into "0", so HumanEval's tests
(`assert candidate([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == ...`) would index "array 0 0 0 0 0 0 0 0 0"
or "0 0 0 0 0 0 0 0 0 assert" and drop every training file with a table of numbers: on 5,000
real Python/C files, HumanEval's full index flags 361 of them, and 3 without these n-grams.
"""
from __future__ import annotations

import itertools
import json

import numpy as np
from datatrove.data import DocumentsPipeline
from datatrove.io import DataFolderLike, get_datafolder
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.decont.n_grams import NGramsDecontConfig
from datatrove.utils.hashing import create_hash_func

from recipec.runtime.processing.decontamination.sources import BenchmarkSource, benchmark_texts, load_records
from recipec.runtime.processing.dedup.shingles import normalized_words

INDEX_SUFFIX = ".index.hashes"
SUMMARY_FILE = "index_summary.json"


def decont_config(ngram: int) -> NGramsDecontConfig:
    return NGramsDecontConfig(n_grams=ngram)


def ngram_hashes(texts: list[str], config: NGramsDecontConfig) -> tuple[np.ndarray, int]:
    """Distinct hashes of the texts' n-grams (sorted), and how many number-heavy n-grams were skipped."""
    hash_func = create_hash_func(config.hash_config, bytes)
    n = config.n_grams
    hashes: set[int] = set()
    skipped = 0
    for text in texts:
        words = normalized_words(text, config.norm_config)
        numbers_before = list(itertools.accumulate((w.isdigit() for w in words), initial=0))
        for i in range(len(words) - n + 1):
            if 2 * (numbers_before[i + n] - numbers_before[i]) >= n:
                skipped += 1
                continue
            hashes.add(hash_func(b" ".join(words[i : i + n])))
    return np.array(sorted(hashes), dtype=config.hash_config.np_descr), skipped


class BuildDecontIndex(PipelineStep):
    """Writes `<benchmark>.index.hashes` per benchmark and `index_summary.json` (one task)."""

    type = "🦠 - DECONT"
    name = "💥 N-grams build index (local data)"

    def __init__(self, output_folder: DataFolderLike, sources: list[BenchmarkSource], ngram: int = 10):
        super().__init__()
        self.output_folder = get_datafolder(output_folder)
        self.sources = list(sources)
        self.config = decont_config(ngram)

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if world_size != 1:
            raise ValueError("the decontamination index is built by a single task")
        summary = {}
        with self.track_time():
            for source in self.sources:
                records = load_records(source)
                hashes, skipped = ngram_hashes(benchmark_texts(source, records), self.config)
                with self.output_folder.open(f"{source.name}{INDEX_SUFFIX}", "wb") as f:
                    f.write(hashes.tobytes())
                summary[source.name] = {"records": len(records), "ngrams": int(hashes.size),
                                        "number_heavy_ngrams_skipped": skipped}
                self.stat_update(f"ngrams_{source.name}", value=int(hashes.size))
            with self.output_folder.open(SUMMARY_FILE, "wt") as f:
                json.dump({"ngram": self.config.n_grams, "benchmarks": summary}, f, indent=1, sort_keys=True)


def read_index_summary(folder: DataFolderLike) -> dict:
    with get_datafolder(folder).open(SUMMARY_FILE, "rt") as f:
        return json.load(f)
