"""FIM exact match: on held-out FIM samples (`held_out_fim/<component>/` of the mixture steps),
the model is given `<|fim_prefix|>pre<|fim_suffix|>suf<|fim_middle|>` and must generate the
middle, token for token, then `<|endoftext|>`.

Only PSM samples are used: in SPM ("variant 2") the prefix follows `<|fim_middle|>` and cannot
be told apart from the middle in the tokens, so a sample whose prefix is empty (SPM's shape,
or a PSM sample with an empty prefix) is skipped, as is one cut by the end of its sequence.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

MAX_SAMPLES = 200
MAX_MIDDLE = 64  # tokens: longer middles are skipped (greedy decoding cost)


def held_out_fim_sets(inputs: dict[str, Path]) -> list[Path]:
    return [index.parent for folder in inputs.values()
            for index in sorted((folder / "held_out_fim").glob("*/shards.json"))]


def psm_samples(folder: Path, ids: dict[str, int]) -> list[tuple[np.ndarray, np.ndarray]]:
    """(prompt through <|fim_middle|>, middle) of each usable PSM sample of a shard set."""
    from recipec.runtime.packing import ShardSet

    prefix, suffix, middle, end = (ids["<|fim_prefix|>"], ids["<|fim_suffix|>"],
                                   ids["<|fim_middle|>"], ids["<|endoftext|>"])
    samples = []
    for sequence in ShardSet(folder):
        tokens = np.asarray(sequence.tokens, dtype=np.int64)
        for start, length in zip(sequence.starts, sequence.lengths):
            segment = tokens[start:start + length]
            if len(segment) < 5 or segment[0] != prefix or segment[1] == suffix:
                continue
            marks = [np.flatnonzero(segment == t) for t in (suffix, middle, end)]
            if not all(len(m) for m in marks):
                continue
            s, m, e = marks[0][0], marks[1][0], marks[2][0]
            if s < m < e and 0 < e - m - 1 <= MAX_MIDDLE:
                samples.append((segment[:m + 1], segment[m + 1:e]))
    return samples


def exact_match(model, samples, end_id: int, pad_id: int | None) -> dict:
    import torch

    device = next(model.parameters()).device
    hits = 0
    for prompt, middle in samples:
        ids = torch.from_numpy(prompt)[None].to(device)
        with torch.no_grad():
            out = model.generate(ids, attention_mask=torch.ones_like(ids),
                                 max_new_tokens=len(middle) + 1, do_sample=False,
                                 eos_token_id=end_id, pad_token_id=pad_id if pad_id is not None
                                 else end_id)
        generated = out[0, ids.shape[1]:].tolist()
        hits += generated[:len(middle) + 1] == [*middle.tolist(), end_id]
    return {"samples": len(samples), "exact": hits,
            "exact_match": round(hits / len(samples), 6) if samples else None}
