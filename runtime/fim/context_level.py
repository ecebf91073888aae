"""Context-level FIM: FIM applied to each document inside an already packed sequence.

Bavarian et al. (2022) found it better than document-level FIM: every FIM sample is whole
inside its context. As in BigCode's Megatron, each segment of a packed sequence is turned back
into text, FIM'd at the configured rate, re-encoded piece by piece, and the sequence is then
trimmed at its end or padded with `<|fim_pad|>` back to `seq_len`. Only the FIM'd segments are
re-encoded, and of those only the stretches near the cuts (`token_reuse`). A segment is left as
it was (and counted) when its ids hold an added token, when it was cut inside a UTF-8 character
at the sequence edge, or when its loss mask is partial.

Each segment draws from `document_rng(seed, f"{key}:{sequence}:{segment}")`, where `sequence` is
the sequence's number in the packer's output and `key` names the output (e.g. the shard set),
so a rerun gives the same bytes.
"""
from __future__ import annotations

from collections import Counter

import numpy as np

from recipec.runtime.fim.config import FimConfig
from recipec.runtime.fim.file_level import END_OF_DOCUMENT, FileFim, FimSplitter, sentinel_id
from recipec.runtime.fim.segments import encode_segments
from recipec.runtime.fim.token_reuse import TokenReuse
from recipec.runtime.packing.packer import PackedRow

FIM_PAD = "<|fim_pad|>"


class ContextFim:
    """A `SequencePacker` transform: `packer = SequencePacker(writer, transform=ContextFim(...))`."""

    def __init__(self, encoder, config: FimConfig, *, key: str = "", pad: str = FIM_PAD,
                 end_of_document: str = END_OF_DOCUMENT, reuse_tokens: bool = True) -> None:
        self.encoder = encoder
        # Off, every FIM'd segment is encoded again from its text; on (where the tokenizer's
        # regex allows it), the tokens away from the cuts are kept (`token_reuse`): same ids.
        self.reuse_tokens = reuse_tokens and TokenReuse.applies_to(encoder)
        self.file_fim = FileFim(encoder, config, end_of_document=end_of_document)
        self.splitter = FimSplitter(config)
        self.pad_id = sentinel_id(encoder, pad, "FIM pad token")
        self.end_id = self.file_fim.end_id
        self.key = key

    @property
    def stats(self) -> Counter[str]:
        return self.splitter.stats

    def __call__(self, rows: list[PackedRow], first_number: int) -> list[PackedRow]:
        # Plan every row first, then encode all FIM pieces of the block in one batch.
        plans = [self._plan(row, first_number + offset) for offset, row in enumerate(rows)]
        rendered = [segments for plan in plans for kind, segments, _ in plan if kind == "fim"]
        encoded = iter(encode_segments(self.encoder, rendered))
        return [self._assemble(row, plan, encoded) for row, plan in zip(rows, plans)]

    def _plan(self, row: PackedRow, number: int) -> list[tuple[str, object, np.ndarray | None]]:
        """Per segment: (kind, ids or segments to encode, its loss mask); kind is keep, pad or fim."""
        bounds = [*row.starts, len(row.tokens)]
        plan: list[tuple[str, object, np.ndarray | None]] = []
        for index in range(len(row.starts)):
            begin, end = bounds[index], bounds[index + 1]
            ids = row.tokens[begin:end]
            loss = row.loss[begin:end] if row.loss is not None else None
            if len(ids) and ids[0] == self.pad_id and (ids == self.pad_id).all():
                plan.append(("pad", ids, loss))
            elif loss is not None and not loss.all():
                self.stats["context_kept_partial_loss_mask"] += 1
                plan.append(("keep", ids, loss))
            else:
                kind, value = self._plan_segment(ids, f"{self.key}:{number}:{index}")
                plan.append((kind, value, loss))
        return plan

    def _plan_segment(self, ids: np.ndarray, key: str) -> tuple[str, object]:
        body = ids[:-1] if len(ids) and ids[-1] == self.end_id else ids
        data = self.encoder.decode_bytes(body)
        if data is None:
            self.stats["context_kept_added_tokens"] += 1
            return "keep", ids
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            self.stats["context_kept_cut_character"] += 1
            return "keep", ids
        if not text:
            return "keep", ids
        sample = self.splitter.sample(text, key)
        if sample.mode is None:
            return "keep", ids
        if not self.reuse_tokens:
            return "fim", self.file_fim.sample_segments(sample)
        reuse = TokenReuse(self.encoder, text, body)
        cut, end = len(sample.prefix), len(sample.prefix) + len(sample.middle)
        pieces = {"prefix": reuse.piece(0, cut), "middle": reuse.piece(cut, end), "suffix": reuse.piece(end, len(text))}
        return "fim", self.file_fim.templates[sample.mode].render(pieces, join_text=False)

    def _assemble(self, row: PackedRow, plan, encoded) -> PackedRow:
        seq_len = len(row.tokens)
        pieces: list[np.ndarray] = []
        masks: list[np.ndarray] = []
        starts: list[int] = []
        length = pad_count = 0
        for kind, value, loss in plan:
            ids = next(encoded) if kind == "fim" else value
            if length >= seq_len or not len(ids):
                continue
            if kind == "pad":
                pad_count += min(len(ids), seq_len - length)
            starts.append(length)
            pieces.append(ids)
            if kind == "fim" or loss is None:
                masks.append(np.full(len(ids), 0 if kind == "pad" else 1, np.uint8))
            else:
                masks.append(loss)
            length += len(ids)
        if length > seq_len:
            self.stats["context_trimmed_tokens"] += length - seq_len
        tokens = np.concatenate(pieces)[:seq_len].astype(np.uint32, copy=False)
        loss = np.concatenate(masks)[:seq_len].astype(np.uint8, copy=False)
        pad = seq_len - len(tokens)
        if pad:
            self.stats["context_pad_tokens"] += pad
            starts.append(len(tokens))
            tokens = np.concatenate([tokens, np.full(pad, self.pad_id, np.uint32)])
            loss = np.concatenate([loss, np.zeros(pad, np.uint8)])
        return PackedRow(tokens=tokens, loss=loss if row.loss is not None else None, starts=starts,
                         documents=row.documents, pad_tokens=pad_count + pad)
