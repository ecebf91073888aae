"""What a training worker is told: one JSON file that the phase step writes and every process
of the DeepSpeed launch reads. Everything that shapes the run is in it, so a worker needs no
plan, no recipe and no builder."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

CHECKPOINT_PREFIX = "step-"
HF_SUBDIR = "hf"          # inside a checkpoint tag: the HF model; DeepSpeed's files beside it
LATEST = "latest"          # DeepSpeed's pointer to the newest complete checkpoint tag


@dataclass
class DataSpec:
    kind: str                       # "packed" (a shard set) or "padded" (scratch/sft_padded.npz)
    path: str
    fim_path: str | None = None     # fim_sft: the FIM shard set
    fim_share: float = 0.0


@dataclass
class TrainingJob:
    start: str                      # HF folder the phase starts from (weights, tokenizer)
    config_dir: str                 # the phase's config.json (RoPE settings applied)
    data: DataSpec
    steps: int
    save_every: int
    seed: int
    ds_config: dict
    checkpoints: str                # scratch/checkpoints: DeepSpeed tags with an HF copy each
    metrics: str                    # metrics.jsonl (deterministic values only)
    throughput: str                 # logs/throughput.jsonl (wall-clock figures)
    tensorboard: str                # logs/tensorboard, used when tensorboard is installed
    lock: str                       # held by rank 0 while it trains
    schedule: dict | None = None    # schedule.Schedule fields; None: the DeepSpeed config's own
    save_dtype: str | None = None   # dtype of the HF copies (the start checkpoint's)
    keep_checkpoints: int = 2
    extra: dict = field(default_factory=dict)

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=1, sort_keys=True) + "\n")

    @classmethod
    def read(cls, path: str | Path) -> TrainingJob:
        values = json.loads(Path(path).read_text())
        values["data"] = DataSpec(**values["data"])
        return cls(**values)


def tag_of(step: int) -> str:
    return f"{CHECKPOINT_PREFIX}{step:07d}"


def latest_tag(checkpoints: Path) -> str | None:
    """The newest complete checkpoint (DeepSpeed writes `latest` after every file of a tag)."""
    pointer = Path(checkpoints) / LATEST
    if not pointer.is_file():
        return None
    tag = pointer.read_text().strip()
    return tag if (Path(checkpoints) / tag / HF_SUBDIR / "config.json").is_file() else None


def step_of(tag: str) -> int:
    return int(tag[len(CHECKPOINT_PREFIX):])
