"""Reads a packed shard set: a trainer's and a test's view of docs/shards.md.

Token files are memory-mapped, so opening a set costs nothing and a sequence is a view.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from recipec.runtime.packing.errors import ShardError
from recipec.runtime.packing.layout import (
    FORMAT,
    INDEX_FILE,
    LOSS_DTYPE,
    STARTS_DTYPE,
    VERSION,
    ShardSetIndex,
    shard_files,
)


@dataclass(frozen=True)
class PackedSequence:
    tokens: np.ndarray  # [seq_len] ids
    starts: np.ndarray  # segment starts within the sequence, beginning with 0
    loss_mask: np.ndarray | None  # [seq_len] 0/1, or None when the set has none

    @property
    def lengths(self) -> np.ndarray:
        """Length of each segment (documents and padding runs)."""
        return np.diff(np.append(self.starts, len(self.tokens)))

    def segment_ids(self) -> np.ndarray:
        """Segment number of each token: tokens may attend only within their segment."""
        return np.repeat(np.arange(len(self.starts)), self.lengths)

    def position_ids(self) -> np.ndarray:
        """Positions that restart at every segment, as packed-sequence attention expects."""
        return np.arange(len(self.tokens)) - np.repeat(self.starts, self.lengths)

    def cu_seqlens(self) -> np.ndarray:
        """Cumulative segment boundaries [0, ..., seq_len] (FlashAttention's varlen form)."""
        return np.append(self.starts, len(self.tokens)).astype(np.int32)


class ShardSet:
    """`len()`, indexing and iteration over the sequences of one shard set folder."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        index_path = self.folder / INDEX_FILE
        try:
            self.index = ShardSetIndex.from_json(index_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ShardError(f"{self.folder} is not a complete shard set: {INDEX_FILE} is missing",
                             "rebuild the step that writes it") from None
        except (ValueError, TypeError, KeyError) as error:
            raise ShardError(f"{index_path}: unreadable shard index ({error})") from None
        if self.index.format != FORMAT or self.index.version > VERSION:
            raise ShardError(f"{index_path}: format {self.index.format} v{self.index.version} is not "
                             f"{FORMAT} v{VERSION} or older", "update recipec")
        self.seq_len = self.index.seq_len
        self._dtype = np.dtype(self.index.dtype).newbyteorder("<")
        self._tokens: list[np.ndarray] = []
        self._starts: list[np.ndarray] = []
        self._loss: list[np.ndarray | None] = []
        self._first: list[int] = []  # global number of each shard's first sequence
        total = 0
        for number, entry in enumerate(self.index.shards):
            files = shard_files(self.folder, number)
            self._tokens.append(self._map(files["tokens"], self._dtype, entry.sequences * self.seq_len))
            self._starts.append(np.fromfile(files["starts"], dtype=STARTS_DTYPE) if files["starts"].exists()
                                else self._missing(files["starts"]))
            self._loss.append(self._map(files["loss"], LOSS_DTYPE, entry.sequences * self.seq_len)
                              if self.index.loss_mask else None)
            self._first.append(total)
            total += entry.sequences
        self._length = total

    def _map(self, path: Path, dtype: np.dtype, count: int) -> np.ndarray:
        if not path.exists():
            self._missing(path)
        size = path.stat().st_size
        if size != count * dtype.itemsize:
            raise ShardError(f"{path}: {size} bytes, expected {count * dtype.itemsize}; the shard is damaged",
                             "rebuild the step that writes it")
        if count == 0:
            return np.zeros(0, dtype)
        return np.memmap(path, dtype=dtype, mode="r", shape=(count,))

    def _missing(self, path: Path):
        raise ShardError(f"{path} is missing from the shard set", "rebuild the step that writes it")

    def __len__(self) -> int:
        return self._length

    @property
    def pad_id(self) -> int:
        return self.index.pad_id

    @property
    def eos_id(self) -> int | None:
        return self.index.eos_id

    def __getitem__(self, number: int) -> PackedSequence:
        if number < 0:
            number += self._length
        if not 0 <= number < self._length:
            raise IndexError(f"sequence {number} of {self._length}")
        shard = bisect.bisect_right(self._first, number) - 1
        row = number - self._first[shard]
        begin, end = row * self.seq_len, (row + 1) * self.seq_len
        starts = self._starts[shard]
        low, high = np.searchsorted(starts, [begin, end])
        loss = self._loss[shard]
        return PackedSequence(tokens=self._tokens[shard][begin:end], starts=starts[low:high] - begin,
                              loss_mask=None if loss is None else loss[begin:end])

    def __iter__(self) -> Iterator[PackedSequence]:
        for number in range(self._length):
            yield self[number]

    def batches(self, batch_size: int, *, drop_last: bool = False) -> Iterator[np.ndarray]:
        """Token batches [batch, seq_len] in order; the simplest loop a trainer can use."""
        for first in range(0, self._length, batch_size):
            rows = [self[i].tokens for i in range(first, min(first + batch_size, self._length))]
            if drop_last and len(rows) < batch_size:
                return
            yield np.stack(rows)
