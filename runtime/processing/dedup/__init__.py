"""Exact dedup and MinHash near-dedup as datatrove stages (see docs/dedup.md).

Each builder returns the stages to run in order (`Stage`: name, datatrove pipeline, task count):

    exact_dedup_stages(reader, writer, work_folder, tasks)                  # dedup.exact()
    minhash_stages(reader, writer, work_folder, MinhashParams(...), tasks)   # dedup.minhash(...)

Importing this package imports datatrove: keep it off the `recipec check` path.
"""
from recipec.runtime.processing.dedup.exact import exact_dedup_stages
from recipec.runtime.processing.dedup.minhash import MinhashParams, minhash_stages
from recipec.runtime.processing.dedup.minhash_clusters import read_cluster_sizes
from recipec.runtime.processing.dedup.stages import Stage, jsonl_reader, jsonl_writer, run_locally

__all__ = [
    "MinhashParams",
    "Stage",
    "exact_dedup_stages",
    "jsonl_reader",
    "jsonl_writer",
    "minhash_stages",
    "read_cluster_sizes",
    "run_locally",
]
