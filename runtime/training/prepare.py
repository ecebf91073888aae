"""A phase's training data, ready for the workers: the data step's shard set as it is, or SFT
conversations encoded once (in the build process, before the launch) into a packed shard set
with a loss mask, or into padded rows.

SFT sequence length: the phase's `seq_len` if it sets one, else the longest conversation rounded
up to a multiple of 64; never more than the model's maximum positions. Longer conversations are
truncated, and counted. (A micro-batch holds one stream only, so the FIM stream of fim_sft keeps
its mixture's length.)
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from recipec.runtime.training.chat import ChatEncoder, encode_rows, read_rows
from recipec.runtime.training.job import DataSpec

SFT_FILES = ("sft/train.jsonl", "sft/train.parquet")
SFT_HELD_OUT = ("sft/held_out.jsonl", "sft/held_out.parquet")
SHARDS = "shards"
ROUND = 64


class DataError(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


@dataclass
class PreparedData:
    spec: DataSpec
    samples: int          # rows of the main stream (sequences or conversations)
    seq_len: int
    stats: dict = field(default_factory=dict)


def find_split(step_dir: Path, names: tuple[str, ...]) -> Path | None:
    for name in names:
        if (step_dir / name).is_file():
            return step_dir / name
    return None


def shard_set(step_dir: Path, what: str) -> Path:
    folder = step_dir / SHARDS
    if not (folder / "shards.json").is_file():
        raise DataError(f"{what} has no packed shard set at {folder}",
                        "rebuild the mixture step that writes it")
    return folder


def prepare(data_kind: str, data_dir: Path, fim_dir: Path | None, start_dir: Path,
            scratch: Path, params: dict, max_positions: int) -> PreparedData:
    from recipec.runtime.packing import ShardSet

    fim_path = str(shard_set(fim_dir, params["fim_data"])) if fim_dir is not None else None
    share = params["fim_share"] if fim_path else 0.0
    if data_kind == "mixture":
        folder = shard_set(data_dir, params["data"])
        shards = ShardSet(folder)
        return PreparedData(DataSpec("packed", str(folder), fim_path, share), len(shards),
                            shards.seq_len)
    source = find_split(data_dir, SFT_FILES)
    if source is None:
        raise DataError(f"{params['data']} wrote no {' or '.join(SFT_FILES)}",
                        "rebuild the sft_data step")
    encoder = ChatEncoder(start_dir)
    samples = list(encode_rows(encoder, read_rows(source), str(source)))
    if not samples:
        raise DataError(f"{params['data']} has no conversations to train on ({source.name} is "
                        "empty)", "the steps before it kept nothing: see their counts in the "
                        "build report, or loosen their filters")
    longest = max(len(ids) for ids, _ in samples)
    seq_len = params["seq_len"] or ROUND * math.ceil(longest / ROUND)
    seq_len = min(seq_len, max_positions)
    pad_id = pad_token_id(start_dir, encoder)
    if params["packing"]:
        return _pack(samples, scratch / "sft_shards", seq_len, encoder.encoder.vocab_size,
                     pad_id, fim_path, share)
    return _pad(samples, scratch / "sft_padded.npz", seq_len, pad_id, fim_path, share)


def pad_token_id(start_dir: Path, encoder: ChatEncoder) -> int:
    config = json.loads((start_dir / "tokenizer_config.json").read_text())
    for name in ("pad_token", "eos_token"):
        if isinstance(config.get(name), str) and encoder.encoder.added_token_id(config[name]) is not None:
            return encoder.encoder.added_token_id(config[name])
    return 0


def _pack(samples, folder: Path, seq_len: int, vocab_size: int, pad_id: int,
          fim_path, share) -> PreparedData:
    from recipec.runtime.packing import SequencePacker, ShardSet, ShardWriter

    if not (folder / "shards.json").is_file():
        writer = ShardWriter(folder, seq_len=seq_len, vocab_size=vocab_size, pad_id=pad_id,
                             loss_mask=True)
        packer = SequencePacker(writer, mode="whole", tail="pad", overlong="truncate")
        for ids, mask in samples:
            packer.add(ids, mask)
        writer.close(dict(packer.close()))
    shards = ShardSet(folder)
    return PreparedData(DataSpec("packed", str(folder), fim_path, share), len(shards), seq_len,
                        {"conversations": len(samples), **shards.index.stats})


def _pad(samples, path: Path, seq_len: int, pad_id: int, fim_path, share) -> PreparedData:
    truncated = sum(len(ids) > seq_len for ids, _ in samples)
    samples = [(ids[:seq_len], mask[:seq_len]) for ids, mask in samples]
    offsets = np.cumsum([0] + [len(ids) for ids, _ in samples])
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, ids=np.concatenate([ids for ids, _ in samples]).astype(np.int64),
             mask=np.concatenate([m for _, m in samples]).astype(np.uint8), offsets=offsets,
             pad_id=np.int64(pad_id))
    tmp.replace(path)
    return PreparedData(DataSpec("padded", str(path), fim_path, share), len(samples), seq_len,
                        {"conversations": len(samples), "truncated_documents": truncated})
