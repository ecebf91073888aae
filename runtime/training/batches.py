"""Micro-batches for the trainer: which samples each process takes at each step, and the
tensors a causal LM needs for them.

Every micro-batch is a pure function of (seed, step, accumulation index, rank), never of a
loader's state, so a run resumed from a checkpoint at step N feeds exactly the batches an
uninterrupted run feeds after N. Samples are drawn through a seeded permutation per epoch.

Packed sequences (pretraining shards, packed SFT) keep documents apart: position ids restart
at every segment and no attention mask is passed, which transformers reads as block-diagonal
causal attention (its `find_packed_sequence_indices`, SDPA and eager alike; FlashAttention-2
takes the same position ids as varlen boundaries). The first token of each segment gets no
label, so no document is trained to follow another, and padding segments get none either.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

IGNORE = -100  # transformers' ignore_index for the loss


@dataclass
class MicroBatch:
    input_ids: np.ndarray      # [batch, length] int64
    labels: np.ndarray         # [batch, length] int64, IGNORE where no loss
    position_ids: np.ndarray | None  # [batch, length] int64, restarting per segment; None: 0..n
    tokens: int                # non-padding tokens fed

    def as_torch(self, device) -> dict:
        import torch

        batch = {"input_ids": torch.from_numpy(self.input_ids).to(device),
                 "labels": torch.from_numpy(self.labels).to(device)}
        if self.position_ids is not None:
            batch["position_ids"] = torch.from_numpy(self.position_ids).to(device)
        return batch


def packed_arrays(sequence, pad_id: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(ids, labels, position ids, real tokens) of one PackedSequence."""
    ids = np.asarray(sequence.tokens, dtype=np.int64)
    labels = ids.copy()
    lengths = sequence.lengths
    starts = np.asarray(sequence.starts)
    padding = np.zeros(len(ids), dtype=bool)
    for start, length in zip(starts, lengths):
        if np.all(ids[start:start + length] == pad_id):
            padding[start:start + length] = True
    if sequence.loss_mask is not None:
        labels[np.asarray(sequence.loss_mask) == 0] = IGNORE
    labels[padding] = IGNORE
    labels[starts] = IGNORE  # a segment's first token is not predicted from the one before
    return ids, labels, sequence.position_ids().astype(np.int64), int((~padding).sum())


def epoch_order(count: int, seed: int, epoch: int) -> np.ndarray:
    return np.random.default_rng([seed, epoch]).permutation(count)


class SampleOrder:
    """Global sample number -> row, one seeded permutation per epoch (cached)."""

    def __init__(self, count: int, seed: int):
        self.count, self.seed = count, seed
        self._cache: dict[int, np.ndarray] = {}

    def rows(self, first: int, how_many: int) -> list[int]:
        out = []
        for number in range(first, first + how_many):
            epoch, position = divmod(number, self.count)
            if epoch not in self._cache:
                self._cache = {epoch: epoch_order(self.count, self.seed, epoch)}
            out.append(int(self._cache[epoch][position]))
        return out


class PackedSource:
    """Fixed-length sequences of a shard set (pretraining, packed SFT, FIM)."""

    def __init__(self, folder, seed: int):
        from recipec.runtime.packing import ShardSet

        self.shards = ShardSet(folder)
        self.order = SampleOrder(len(self.shards), seed)

    def __len__(self) -> int:
        return len(self.shards)

    def batch(self, first: int, size: int) -> MicroBatch:
        rows = [packed_arrays(self.shards[r], self.shards.pad_id)
                for r in self.order.rows(first, size)]
        return MicroBatch(np.stack([r[0] for r in rows]), np.stack([r[1] for r in rows]),
                          np.stack([r[2] for r in rows]), sum(r[3] for r in rows))


class PaddedSource:
    """Conversations one per row, padded on the right to the longest of the micro-batch.

    Right padding needs no attention mask: with causal attention no real token sees a pad,
    and pads carry no label."""

    def __init__(self, samples: list[tuple[np.ndarray, np.ndarray]], pad_id: int, seed: int):
        self.samples = samples
        self.pad_id = pad_id
        self.order = SampleOrder(len(samples), seed)

    def __len__(self) -> int:
        return len(self.samples)

    def batch(self, first: int, size: int) -> MicroBatch:
        chosen = [self.samples[r] for r in self.order.rows(first, size)]
        width = max(len(ids) for ids, _ in chosen)
        ids = np.full((size, width), self.pad_id, dtype=np.int64)
        labels = np.full((size, width), IGNORE, dtype=np.int64)
        for row, (tokens, mask) in enumerate(chosen):
            ids[row, :len(tokens)] = tokens
            labels[row, :len(tokens)] = np.where(np.asarray(mask) == 1, tokens, IGNORE)
        return MicroBatch(ids, labels, None, sum(len(t) for t, _ in chosen))


class BatchPlan:
    """Which source and which samples each micro-batch of the run takes.

    Micro-batch g (counted over steps, accumulation and ranks: g = (step * accum + a) * world
    + rank) comes from the FIM source with probability `fim_share`, drawn once for the whole
    run from the seed; each source then hands out its samples in order. Without FIM data every
    micro-batch comes from the main source."""

    def __init__(self, main, micro: int, accum: int, world: int, total_steps: int, seed: int,
                 fim=None, fim_share: float = 0.0):
        self.main, self.fim = main, fim
        self.micro, self.accum, self.world = micro, accum, world
        use_fim = fim_choices(total_steps * accum * world, seed,
                              fim_share if fim is not None else 0.0)
        self.use_fim = use_fim
        # Position of each micro-batch within its own source's stream.
        self.position = np.where(use_fim, np.cumsum(use_fim) - 1, np.cumsum(~use_fim) - 1)

    def micro_batch(self, step: int, accumulation: int, rank: int) -> MicroBatch:
        g = (step * self.accum + accumulation) * self.world + rank
        source = self.fim if self.use_fim[g] else self.main
        return source.batch(int(self.position[g]) * self.micro, self.micro)

    @property
    def fim_micro_batches(self) -> int:
        return int(self.use_fim.sum())


def fim_choices(micro_batches: int, seed: int, fim_share: float) -> np.ndarray:
    """Which micro-batches of the run are FIM ones: drawn once from the seed."""
    return np.random.default_rng([seed, 7]).random(micro_batches) < fim_share


def total_steps(objective: str, samples: int, micro: int, accum: int, world: int,
                epochs: float = 1.0, fim_share: float = 0.0, max_steps: int | None = None) -> int:
    """Optimizer steps of a phase.

    next_token/fim: one pass over the packed shards (the mixture sized them to its budget),
    whole global batches only. sft: `epochs` passes, the last batch completed by wrapping.
    fim_sft: as many SFT micro-batches as sft, plus FIM ones at `fim_share` of the total."""
    per_step = micro * accum * world
    if objective in ("next_token", "fim"):
        steps = samples // per_step
    else:
        sft_micro = math.ceil(epochs * samples / micro)
        if objective == "fim_sft" and fim_share > 0:
            sft_micro = math.ceil(sft_micro / (1.0 - fim_share))
        steps = math.ceil(sft_micro / (accum * world))
    if max_steps is not None:
        steps = min(steps, max_steps)
    return steps
