"""The on-disk layout of a packed shard set (docs/shards.md is its specification).

A shard set is one folder: `shards.json` (written last) and, per shard `NNNNN`,
`shard-NNNNN.tokens.bin` (row-major [sequences, seq_len], little-endian uint16 or uint32),
`shard-NNNNN.starts.bin` (little-endian int64, sorted flat positions in the shard where a
segment starts: a document or a run of padding) and, when the set has a loss mask,
`shard-NNNNN.loss.bin` (uint8 0/1 per token, same shape as the tokens).
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

FORMAT = "recipec-packed-shards"
VERSION = 1
INDEX_FILE = "shards.json"
STARTS_DTYPE = np.dtype("<i8")
LOSS_DTYPE = np.dtype("u1")


def token_dtype(vocab_size: int) -> np.dtype:
    """uint16 when every id fits (halves the files of small vocabularies), else uint32."""
    return np.dtype("<u2") if vocab_size <= 2**16 else np.dtype("<u4")


def shard_stem(index: int) -> str:
    return f"shard-{index:05d}"


def shard_files(folder: Path, index: int) -> dict[str, Path]:
    stem = shard_stem(index)
    return {kind: folder / f"{stem}.{kind}.bin" for kind in ("tokens", "starts", "loss")}


@dataclass
class ShardEntry:
    name: str
    sequences: int
    documents: int  # documents that start in this shard
    pad_tokens: int


@dataclass
class ShardSetIndex:
    """What `shards.json` holds. Field order and values are deterministic: no times, no hosts."""

    seq_len: int
    vocab_size: int
    dtype: str
    eos_id: int | None
    pad_id: int
    loss_mask: bool
    shards: list[ShardEntry] = field(default_factory=list)
    format: str = FORMAT
    version: int = VERSION
    tokenizer: str | None = None  # e.g. the sha256 of tokenizer.json, for a trainer to check
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def sequences(self) -> int:
        return sum(entry.sequences for entry in self.shards)

    def to_json(self) -> str:
        document = asdict(self)
        document["stats"] = dict(sorted(self.stats.items()))
        return json.dumps(document, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> ShardSetIndex:
        document = json.loads(text)
        document["shards"] = [ShardEntry(**entry) for entry in document["shards"]]
        return cls(**document)
