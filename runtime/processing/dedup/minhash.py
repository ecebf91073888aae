"""`dedup.minhash`: near-duplicate removal as datatrove's four MinHash stages.

    stages = minhash_stages("in/", "out/", "work/", MinhashParams(ngram=5, bands=14, rows=8), tasks=4)

1. signatures (`tasks` tasks): rensa R-MinHash over datatrove's shingles, see minhash_signature.py;
2. buckets (`bands` tasks, one per band): datatrove's `MinhashDedupBuckets` finds documents whose
   band signatures are equal;
3. clusters (1 task): union of those pairs, survivor = first document, cluster sizes recorded;
4. filter (`tasks` tasks): datatrove's `MinhashDedupFilter` drops the rest and writes the output.

Two documents become candidates when all `rows` hashes of at least one of the `bands` bands
agree: for Jaccard similarity s that happens with probability 1 - (1 - s^rows)^bands (14 x 8:
50% at s = 0.69, 92% at 0.8, 99.9% at 0.9). Stages 1 and 4 must see the same input split into
the same number of tasks: document indices in the signature files are positions in each task.
"""
from __future__ import annotations

from dataclasses import dataclass

from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupBuckets, MinhashDedupFilter
from datatrove.utils.hashing import HashConfig

from recipec.runtime.processing.dedup.minhash_clusters import MinhashClustersKeepFirst
from recipec.runtime.processing.dedup.minhash_signature import RensaMinhashSignature
from recipec.runtime.processing.dedup.stages import (
    ReaderFactory,
    Stage,
    WriterFactory,
    jsonl_reader,
    jsonl_writer,
)

# Signature records per read in stage 2 (datatrove's default of 5 costs a syscall every 5 records).
_RECORDS_PER_READ = 4096


@dataclass(frozen=True)
class MinhashParams:
    """The recipe's `dedup.minhash(ngram, bands, rows)` plus the build seed."""

    ngram: int = 5
    bands: int = 14
    rows: int = 8
    seed: int = 1

    def __post_init__(self) -> None:
        for name in ("ngram", "bands", "rows"):
            if getattr(self, name) < 1:
                raise ValueError(f"dedup.minhash: {name} must be >= 1, got {getattr(self, name)}")
        if not 0 <= self.seed < 2**64:
            raise ValueError(f"dedup.minhash: seed must be in [0, 2^64), got {self.seed}")

    @property
    def threshold(self) -> float:
        """The similarity at which a pair is found half of the time: (1 - 0.5^(1/bands))^(1/rows)."""
        return (1 - 0.5 ** (1 / self.bands)) ** (1 / self.rows)


def minhash_config(params: MinhashParams) -> MinhashConfig:
    """The datatrove config that stages 2-4 need to read 32-bit rensa signatures."""
    return MinhashConfig(
        n_grams=params.ngram,
        num_buckets=params.bands,
        hashes_per_bucket=params.rows,
        seed=params.seed,
        hash_config=HashConfig(precision=32, hash_fc="xxhash"),
    )


def minhash_stages(
    reader: ReaderFactory | str,
    writer: WriterFactory | str,
    work_folder: str,
    params: MinhashParams,
    tasks: int,
    *,
    exclusion_writer: WriterFactory | None = None,
    annotate_cluster_size: bool = True,
) -> list[Stage]:
    """The four stages, in the order they must run.

    `reader`/`writer`: factories of datatrove reader/writer steps, or folders (JSONL in, gzip JSONL
    out). `work_folder` holds signatures, buckets and clusters (`clusters/cluster_sizes.json` is the
    cluster-size summary for the report). `exclusion_writer` receives the dropped documents.
    With `annotate_cluster_size`, kept documents get `metadata["minhash_cluster_size"]`.
    """
    read = jsonl_reader(reader) if isinstance(reader, str) else reader
    write = jsonl_writer(writer) if isinstance(writer, str) else writer
    config = minhash_config(params)
    work = work_folder.rstrip("/")
    signatures, buckets, clusters = f"{work}/signatures", f"{work}/buckets", f"{work}/clusters"
    return [
        Stage("minhash_signatures", [read(), RensaMinhashSignature(signatures, config)], tasks),
        Stage(
            "minhash_buckets",
            [MinhashDedupBuckets(signatures, buckets, config=config, lines_to_buffer=_RECORDS_PER_READ)],
            params.bands,
        ),
        Stage(
            "minhash_clusters",
            [MinhashClustersKeepFirst(buckets, clusters, input_tasks=tasks, save_cluster_size=annotate_cluster_size)],
            1,
        ),
        Stage(
            "minhash_filter",
            [
                read(),
                MinhashDedupFilter(
                    clusters,
                    exclusion_writer=exclusion_writer() if exclusion_writer else None,
                    load_cluster_sizes=annotate_cluster_size,
                    lines_to_buffer=_RECORDS_PER_READ,
                ),
                write(),
            ],
            tasks,
        ),
    ]
