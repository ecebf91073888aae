"""Held-out loss and perplexity: per mixture component (`held_out/<component>/` shard sets of
the mixture steps) and per SFT dataset (`sft/held_out.jsonl`, assistant tokens only).

The loss is the mean negative log-likelihood per predicted token over the whole set (summed,
then divided once), with the trainer's labels: documents apart, no loss on padding or on a
segment's first token, the loss mask where the set has one.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from recipec.runtime.training.batches import IGNORE, MicroBatch, packed_arrays

MAX_SEQUENCES = 1024          # per held-out set: enough for a stable mean, bounded time
LOGITS_BYTES = 512 * 2**20    # rows per forward pass: their float32 logits fit in this


def held_out_sets(inputs: dict[str, Path]) -> list[tuple[str, Path, str]]:
    """(name, path, "packed" | "sft") of every held-out split among the input steps."""
    from recipec.runtime.training.prepare import SFT_HELD_OUT, find_split

    found = []
    for step_id, folder in inputs.items():
        for index in sorted((folder / "held_out").glob("*/shards.json")):
            found.append((f"{step_id}/{index.parent.name}", index.parent, "packed"))
        split = find_split(folder, SFT_HELD_OUT)
        if split is not None:
            found.append((step_id, split, "sft"))
    return found


def rows_per_pass(seq_len: int, vocab_size: int) -> int:
    return max(1, LOGITS_BYTES // (seq_len * vocab_size * 4))


def token_nll(model, batch: MicroBatch) -> tuple[float, int]:
    """(summed negative log-likelihood, predicted tokens) of one batch."""
    import torch
    import torch.nn.functional as F

    device = next(model.parameters()).device
    inputs = batch.as_torch(device)
    del inputs["labels"]  # the loss is summed here, not averaged by the model
    with torch.no_grad():
        logits = model(**inputs, use_cache=False).logits.float()
    labels = torch.from_numpy(batch.labels).to(device)[:, 1:]
    nll = F.cross_entropy(logits[:, :-1].reshape(-1, logits.shape[-1]), labels.reshape(-1),
                          ignore_index=IGNORE, reduction="sum")
    return float(nll), int((labels != IGNORE).sum())


def summary(nll: float, tokens: int, sequences: int) -> dict:
    loss = nll / tokens if tokens else float("nan")
    return {"loss": round(loss, 6), "perplexity": round(math.exp(min(loss, 50.0)), 4),
            "tokens": tokens, "sequences": sequences}


def packed_loss(model, folder: Path) -> dict:
    from recipec.runtime.packing import ShardSet

    shards = ShardSet(folder)
    count = min(len(shards), MAX_SEQUENCES)
    step = rows_per_pass(shards.seq_len, model.config.vocab_size)
    nll, tokens = 0.0, 0
    for first in range(0, count, step):
        rows = [packed_arrays(shards[i], shards.pad_id) for i in range(first, min(first + step, count))]
        batch = MicroBatch(np.stack([r[0] for r in rows]), np.stack([r[1] for r in rows]),
                           np.stack([r[2] for r in rows]), 0)
        part, n = token_nll(model, batch)
        nll, tokens = nll + part, tokens + n
    return summary(nll, tokens, count)


def sft_loss(model, encoder, path: Path) -> dict:
    from recipec.runtime.training.chat import encode_rows, read_rows

    nll, tokens, count = 0.0, 0, 0
    for ids, mask in encode_rows(encoder, read_rows(path), str(path)):
        if count == MAX_SEQUENCES:
            break
        ids = np.asarray(ids, dtype=np.int64)[None, :model.config.max_position_embeddings]
        labels = np.where(np.asarray(mask)[None, :ids.shape[1]] == 1, ids, IGNORE)
        part, n = token_nll(model, MicroBatch(ids, labels, None, 0))
        nll, tokens, count = nll + part, tokens + n, count + 1
    return summary(nll, tokens, count)
