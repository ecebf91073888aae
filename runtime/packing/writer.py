"""Writes packed sequences into a shard set, streaming: one sequence in memory at a time.

Output is a pure function of the sequences written and the settings (no clocks, hosts or
random names), so identical input gives byte-identical files. `shards.json` is written last,
atomically, and removed first when a writer opens the folder: a set without it is incomplete.
"""
from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from recipec.runtime.packing.errors import ShardError
from recipec.runtime.packing.layout import (
    INDEX_FILE,
    LOSS_DTYPE,
    STARTS_DTYPE,
    ShardEntry,
    ShardSetIndex,
    shard_files,
    shard_stem,
    token_dtype,
)

DEFAULT_SHARD_TOKENS = 2**28  # 1 GiB of uint32 tokens per shard file


class ShardWriter:
    def __init__(self, folder: str | Path, *, seq_len: int, vocab_size: int, pad_id: int,
                 eos_id: int | None = None, loss_mask: bool = False, sequences_per_shard: int | None = None,
                 tokenizer: str | None = None) -> None:
        if seq_len <= 0:
            raise ShardError(f"sequence length {seq_len} must be positive")
        if not 0 <= pad_id < vocab_size:
            raise ShardError(f"pad id {pad_id} is outside the vocabulary (size {vocab_size})")
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / INDEX_FILE).unlink(missing_ok=True)
        for stale in self.folder.glob("shard-*.bin"):  # from an earlier, interrupted write
            stale.unlink()
        self.seq_len = seq_len
        self.dtype = token_dtype(vocab_size)
        self.sequences_per_shard = sequences_per_shard or max(1, DEFAULT_SHARD_TOKENS // seq_len)
        self.index = ShardSetIndex(seq_len=seq_len, vocab_size=vocab_size, dtype=self.dtype.name,
                                   eos_id=eos_id, pad_id=pad_id, loss_mask=loss_mask, tokenizer=tokenizer)
        self.stats: Counter[str] = Counter()
        self._files: dict[str, object] = {}
        self._entry: ShardEntry | None = None

    def write(self, tokens: np.ndarray, starts: Sequence[int], loss: np.ndarray | None = None,
              documents: int = 0, pad_tokens: int = 0) -> None:
        """One sequence: `seq_len` ids, its segment starts (positions, beginning with 0), its loss mask."""
        if len(tokens) != self.seq_len:
            raise ShardError(f"a packed sequence has {len(tokens)} tokens, not seq_len {self.seq_len}")
        if not len(starts) or starts[0] != 0:
            raise ShardError("a packed sequence's segment starts must begin with 0")
        if int(tokens.max(initial=0)) >= self.index.vocab_size:
            raise ShardError(f"token id {int(tokens.max())} is outside the vocabulary (size {self.index.vocab_size})")
        if self._entry is None or self._entry.sequences == self.sequences_per_shard:
            self._open_next_shard()
        row = self._entry.sequences * self.seq_len
        self._files["tokens"].write(np.asarray(tokens).astype(self.dtype, copy=False).tobytes())
        self._files["starts"].write((np.asarray(starts, dtype=STARTS_DTYPE) + row).tobytes())
        if self.index.loss_mask:
            mask = np.ones(self.seq_len, LOSS_DTYPE) if loss is None else np.asarray(loss).astype(LOSS_DTYPE, copy=False)
            self._files["loss"].write(mask.tobytes())
        self._entry.sequences += 1
        self._entry.documents += documents
        self._entry.pad_tokens += pad_tokens
        self.stats["sequences"] += 1

    def _open_next_shard(self) -> None:
        self._close_files()
        number = len(self.index.shards)
        self._entry = ShardEntry(name=shard_stem(number), sequences=0, documents=0, pad_tokens=0)
        self.index.shards.append(self._entry)
        kinds = ("tokens", "starts", "loss") if self.index.loss_mask else ("tokens", "starts")
        paths = shard_files(self.folder, number)
        self._files = {kind: open(paths[kind], "wb", buffering=1 << 20) for kind in kinds}

    def _close_files(self) -> None:
        for handle in self._files.values():
            handle.close()
        self._files = {}

    def close(self, stats: dict[str, int] | None = None) -> ShardSetIndex:
        """Flushes the shards and writes `shards.json` last; returns the index."""
        self._close_files()
        self.index.stats = {**(stats or {})}
        partial = self.folder / (INDEX_FILE + ".partial")
        partial.write_text(self.index.to_json(), encoding="utf-8")
        os.replace(partial, self.folder / INDEX_FILE)
        return self.index
