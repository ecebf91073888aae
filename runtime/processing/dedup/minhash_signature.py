"""MinHash stage 1: signatures, computed by `rensa` in batches, written in datatrove's format.

Stock `MinhashDedupSignature` spends ~80% of a MinHash run here: a per-character Python loop to
strip diacritics, a Python hash call per shingle, then a (shingles x 112) uint64 multiply-modulo
in numpy per document. This step forms datatrove's shingles (same normalisation, same whitespace
words, same space-joined n-grams; see shingles.py) and hands a whole batch of documents' shingles
to rensa's R-MinHash (Rust, `digest_matrix_from_token_byte_sets`), which hashes each shingle,
applies `bands * rows` seeded permutations and returns 32-bit minima. Only the hash and
permutation family differ from stock datatrove, so the estimate of Jaccard similarity has the
same accuracy (checked against exact Jaccard and datasketch in the tests and the benchmark).

The output is what datatrove's stages 2-4 read: per band, `bucket_XXX/<rank>.minhash.sig`
holding `rows` uint32 hashes + a uint32 document index per record, sorted. Stages 2-4 must be
given a `MinhashConfig` with 32-bit `HashConfig` (see `minhash.minhash_config`).
"""
from __future__ import annotations

import numpy as np
import rensa
from datatrove.data import DocumentsPipeline
from datatrove.io import DataFolderLike, get_datafolder
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.dedup.minhash import MinhashConfig
from datatrove.utils.typeshelper import StatHints

from recipec.runtime.processing.dedup.shingles import shingles

# A rensa call takes up to this many documents or shingles (~70 bytes each as Python bytes):
# enough to amortise the call, and memory stays bounded when documents are large.
BATCH_DOCS = 512
BATCH_SHINGLES = 250_000


def signature_dtype(rows: int) -> np.dtype:
    """One bucket record as datatrove's `read_sigs` expects it for 32-bit hashes: `<{rows}II`."""
    return np.dtype([(f"h{i}", "<u4") for i in range(rows)] + [("doc", "<u4")])


def signature_matrix(shingle_sets: list[list[bytes]], num_perm: int, seed: int) -> np.ndarray:
    """(documents, num_perm) uint32 MinHash signatures of non-empty shingle sets."""
    matrix = rensa.RMinHash.digest_matrix_from_token_byte_sets(shingle_sets, num_perm, seed)
    return np.asarray(matrix.to_rows(), dtype=np.uint32).reshape(len(shingle_sets), num_perm)


class RensaMinhashSignature(PipelineStep):
    """Writes one sorted signature file per band for this task's documents."""

    type = "🫂 - DEDUP"
    name = "🎯 MinHash stage 1 (rensa)"

    def __init__(self, output_folder: DataFolderLike, config: MinhashConfig):
        super().__init__()
        if config.hash_config.precision != 32:
            raise ValueError("rensa signatures are 32-bit: use a MinhashConfig with HashConfig(precision=32)")
        self.output_folder = get_datafolder(output_folder)
        self.config = config
        self.dtype = signature_dtype(config.hashes_per_bucket)

    def _bucket_path(self, band: int, rank: int) -> str:
        return f"bucket_{band:03d}/{rank:05d}.minhash.sig"

    def _write_batch(self, files, shingle_sets: list[list[bytes]], doc_indices: list[int]) -> None:
        cfg = self.config
        sigs = signature_matrix(shingle_sets, cfg.num_buckets * cfg.hashes_per_bucket, cfg.seed)
        sigs = sigs.reshape(len(doc_indices), cfg.num_buckets, cfg.hashes_per_bucket)
        records = np.empty(len(doc_indices), dtype=self.dtype)
        records["doc"] = doc_indices
        for band, f in enumerate(files):
            for i in range(cfg.hashes_per_bucket):
                records[f"h{i}"] = sigs[:, band, i]
            f.write(records.tobytes())

    def _sort_bucket(self, band: int, rank: int) -> None:
        # Stage 2 merges the bands' files as sorted streams; sort each in memory, one at a time.
        path = self._bucket_path(band, rank)
        with self.output_folder.open(path, mode="rb") as f:
            records = np.frombuffer(f.read(), dtype=self.dtype).copy()
        records.sort(order=list(self.dtype.names))
        with self.output_folder.open(path, mode="wb") as f:
            f.write(records.tobytes())

    def _batches(self, data: DocumentsPipeline):
        """(shingle sets, document indices) of the documents that have shingles, in batches."""
        sets: list[list[bytes]] = []
        indices: list[int] = []
        size = 0
        for doc_index, doc in enumerate(data):
            self.stat_update(StatHints.total)
            doc_shingles = shingles(doc.text, self.config.n_grams, self.config.norm_config)
            if not doc_shingles:
                # fewer words than the n-gram size: never a near-duplicate, as in datatrove
                self.stat_update("too_short")
                continue
            sets.append(doc_shingles)
            indices.append(doc_index)
            size += len(doc_shingles)
            if len(sets) == BATCH_DOCS or size >= BATCH_SHINGLES:
                yield sets, indices
                sets, indices, size = [], [], 0
        if sets:
            yield sets, indices

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        with self.track_time():
            files = [
                self.output_folder.open(self._bucket_path(band, rank), mode="wb")
                for band in range(self.config.num_buckets)
            ]
            try:
                for shingle_sets, doc_indices in self._batches(data):
                    self._write_batch(files, shingle_sets, doc_indices)
            finally:
                for f in files:
                    f.close()
            for band in range(self.config.num_buckets):
                self._sort_bucket(band, rank)
