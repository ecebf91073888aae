"""Packs documents' token ids into fixed-length sequences, streaming and deterministically.

Two modes. "concat" (pretraining): documents follow each other and are cut at `seq_len`, a
document running on into the next sequence, so no token is wasted. "whole" (SFT and other
samples that must not be cut): a document that does not fit in what is left of a sequence
closes it with padding and opens the next; one longer than `seq_len` is truncated or dropped
(`overlong`), and counted. The last, partial sequence is padded or dropped (`tail`). Padding
is a segment of its own with loss mask 0, so attention and loss can both ignore it.

Each sequence carries its segment starts (0, then every document or padding start), which is
what block-diagonal attention needs. A `transform` (context-level FIM) may rewrite blocks of
finished sequences before they are written.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from recipec.runtime.packing.errors import ShardError
from recipec.runtime.packing.layout import LOSS_DTYPE

MODES = ("concat", "whole")
TRANSFORM_BLOCK = 64  # sequences handed to a transform at once, so it can batch its encoding


@dataclass
class PackedRow:
    """One finished sequence before it is written."""

    tokens: np.ndarray  # seq_len ids
    loss: np.ndarray | None  # seq_len 0/1, or None when the set has no loss mask
    starts: list[int]  # segment starts, beginning with 0
    documents: int  # documents that start in this sequence
    pad_tokens: int


Transform = Callable[[list[PackedRow], int], list[PackedRow]]


class SequencePacker:
    def __init__(self, writer, *, mode: str = "concat", tail: str = "pad", overlong: str = "truncate",
                 transform: Transform | None = None) -> None:
        if mode not in MODES:
            raise ShardError(f"packing mode `{mode}` is unknown", f"use one of {', '.join(MODES)}")
        if tail not in ("pad", "drop") or overlong not in ("truncate", "drop"):
            raise ShardError("tail must be pad or drop, overlong truncate or drop")
        self.writer = writer
        self.mode, self.tail, self.overlong = mode, tail, overlong
        self.transform = transform
        self.seq_len = writer.seq_len
        self.pad_id = writer.index.pad_id
        self.with_loss = writer.index.loss_mask
        self.stats: Counter[str] = Counter()
        self._pending: list[PackedRow] = []
        self._emitted = 0
        self._new_row()

    def _new_row(self) -> None:
        self._tokens = np.empty(self.seq_len, np.uint32)
        self._loss = np.empty(self.seq_len, LOSS_DTYPE) if self.with_loss else None
        self._fill = 0
        self._starts: list[int] = [0]
        self._documents = 0
        self._pad = 0

    def add(self, ids: np.ndarray, loss: np.ndarray | None = None) -> None:
        """Appends one document (its ids and, optionally, its 0/1 loss mask)."""
        ids = np.asarray(ids)
        if loss is not None and len(loss) != len(ids):
            raise ShardError(f"a loss mask has {len(loss)} entries for {len(ids)} tokens")
        if not len(ids):
            self.stats["empty_documents"] += 1
            return
        self.stats["documents"] += 1
        self.stats["document_tokens"] += len(ids)
        if self.mode == "whole":
            if len(ids) > self.seq_len:
                if self.overlong == "drop":
                    self.stats["dropped_overlong_documents"] += 1
                    self.stats["dropped_tokens"] += len(ids)
                    return
                self.stats["truncated_documents"] += 1
                self.stats["dropped_tokens"] += len(ids) - self.seq_len
                ids = ids[:self.seq_len]
                loss = loss[:self.seq_len] if loss is not None else None
            if len(ids) > self.seq_len - self._fill:
                self._pad_and_emit()
        self._mark_start()
        self._documents += 1
        offset = 0
        while offset < len(ids):
            take = min(self.seq_len - self._fill, len(ids) - offset)
            self._tokens[self._fill:self._fill + take] = ids[offset:offset + take]
            if self._loss is not None:
                self._loss[self._fill:self._fill + take] = 1 if loss is None else loss[offset:offset + take]
            self._fill += take
            offset += take
            if self._fill == self.seq_len:
                self._emit()

    def _mark_start(self) -> None:
        if self._fill and self._starts[-1] != self._fill:
            self._starts.append(self._fill)

    def _pad_and_emit(self) -> None:
        if self._fill == 0:
            return
        self._mark_start()
        self._pad += self.seq_len - self._fill
        self._tokens[self._fill:] = self.pad_id
        if self._loss is not None:
            self._loss[self._fill:] = 0
        self._fill = self.seq_len
        self._emit()

    def _emit(self) -> None:
        self._pending.append(PackedRow(self._tokens, self._loss, self._starts, self._documents, self._pad))
        self._new_row()
        if len(self._pending) >= (TRANSFORM_BLOCK if self.transform else 1):
            self._flush()

    def _flush(self) -> None:
        rows = self.transform(self._pending, self._emitted) if self.transform and self._pending else self._pending
        for row in rows:
            self.writer.write(row.tokens, row.starts, row.loss, documents=row.documents, pad_tokens=row.pad_tokens)
            self.stats["pad_tokens"] += row.pad_tokens
        self._emitted += len(rows)
        self._pending = []

    def close(self) -> Counter[str]:
        """Finishes the last sequence (pad or drop) and writes what is pending; returns the counts."""
        if self._fill:
            if self.tail == "pad":
                self._pad_and_emit()
            else:
                self.stats["dropped_tail_tokens"] += self._fill
                self._new_row()
        self._flush()
        self.stats["sequences"] = self._emitted
        return self.stats
