"""Training metrics: one JSON line per optimizer step in `metrics.jsonl`, mirrored to
TensorBoard when it is installed.

`metrics.jsonl` is an output of the phase (hashed into its manifest), so it holds only values
that the run determines (step, loss, learning rate, gradient norm, tokens); wall-clock figures
(tokens/s) go to `logs/throughput.jsonl`. A resumed run first cuts both back to its checkpoint,
so the file reads like the one of an uninterrupted run.
"""
from __future__ import annotations

import json
import math
import os
from pathlib import Path

CURVE_POINTS = 200  # points of a loss curve kept in the manifest, for the report


def read_jsonl(path: str | Path) -> list[dict]:
    records = []
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    records.append(json.loads(line))
                except ValueError:
                    break  # a line cut by a kill: everything after it is gone too
    except FileNotFoundError:
        pass
    return records


def tail_jsonl(path: str | Path, count: int, window: int = 1 << 16) -> list[dict]:
    """The last `count` records, reading only the end of the file (the progress bar polls
    it every second while a long run grows it)."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - window))
            lines = f.read().decode("utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return []
    if size > window:
        lines = lines[1:]  # the first line read may be cut
    records = []
    for line in lines[-count:]:
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    return records


def cut_back(path: str | Path, last_step: int) -> None:
    """Keep the records of steps <= last_step (rewritten atomically)."""
    kept = [r for r in read_jsonl(path) if r.get("step", 0) <= last_step]
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for record in kept:
            f.write(json.dumps(record, sort_keys=True) + "\n")
    os.replace(tmp, path)


class MetricsLog:
    def __init__(self, metrics: str, throughput: str, tensorboard: str, resume_step: int):
        Path(metrics).parent.mkdir(parents=True, exist_ok=True)
        Path(throughput).parent.mkdir(parents=True, exist_ok=True)
        cut_back(metrics, resume_step)
        cut_back(throughput, resume_step)
        self._metrics = open(metrics, "a", encoding="utf-8")
        self._throughput = open(throughput, "a", encoding="utf-8")
        self._board = None
        try:
            from torch.utils.tensorboard import SummaryWriter

            self._board = SummaryWriter(tensorboard, purge_step=resume_step + 1)
        except ImportError:  # tensorboard is optional
            pass

    def write(self, record: dict, speed: dict) -> None:
        self._metrics.write(json.dumps(record, sort_keys=True) + "\n")
        self._metrics.flush()
        self._throughput.write(json.dumps(speed, sort_keys=True) + "\n")
        self._throughput.flush()
        if self._board is not None:
            for name in ("loss", "lr", "grad_norm"):
                if record.get(name) is not None:
                    self._board.add_scalar(f"train/{name}", record[name], record["step"])
            self._board.add_scalar("train/tokens_per_s", speed["tokens_per_s"], record["step"])

    def close(self) -> None:
        self._metrics.close()
        self._throughput.close()
        if self._board is not None:
            self._board.close()


def curve(records: list[dict], points: int = CURVE_POINTS) -> dict[str, list]:
    """Step, loss and learning rate at <= `points` evenly spaced steps (always the last);
    steps without a loss (no labelled token anywhere) are left out."""
    records = [r for r in records if r.get("loss") is not None]
    if not records:
        return {"step": [], "loss": [], "lr": []}
    stride = max(1, math.ceil(len(records) / points))
    chosen = records[::stride]
    if chosen[-1] is not records[-1]:
        chosen.append(records[-1])
    return {"step": [r["step"] for r in chosen],
            "loss": [round(r["loss"], 5) for r in chosen],
            "lr": [r["lr"] for r in chosen]}
