"""metrics.jsonl: cut back on resume, read from the end for the progress bar, thinned for the
manifest; the progress text."""
from __future__ import annotations

import json

from recipec.runtime.training.launch import speed_text
from recipec.runtime.training.metrics import curve, cut_back, read_jsonl, tail_jsonl


def write(path, records, tail=""):
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + tail)


def test_a_resumed_run_cuts_the_file_back_to_its_checkpoint(tmp_path):
    path = tmp_path / "metrics.jsonl"
    write(path, [{"step": s, "loss": 1.0} for s in range(1, 8)], tail='{"step": 8, "lo')
    cut_back(path, 5)
    assert [r["step"] for r in read_jsonl(path)] == [1, 2, 3, 4, 5]
    cut_back(tmp_path / "new.jsonl", 0)  # a fresh run starts with an empty file
    assert read_jsonl(tmp_path / "new.jsonl") == []


def test_the_tail_is_read_from_the_end(tmp_path):
    path = tmp_path / "metrics.jsonl"
    write(path, [{"step": s, "pad": "x" * 100} for s in range(1, 2001)])
    assert [r["step"] for r in tail_jsonl(path, 3, window=4096)] == [1998, 1999, 2000]
    assert tail_jsonl(tmp_path / "missing.jsonl", 3) == []


def test_the_manifest_curve_is_thinned_but_keeps_the_last_step():
    records = [{"step": s, "loss": 10.0 / s, "lr": 0.1} for s in range(1, 1002)]
    thin = curve(records, points=100)
    assert len(thin["step"]) <= 101 and thin["step"][0] == 1 and thin["step"][-1] == 1001
    assert curve([{"step": 1, "loss": None, "lr": 0.1}]) == {"step": [], "loss": [], "lr": []}


def test_progress_text_has_loss_speed_and_eta():
    text = speed_text([{"step": 10, "loss": 2.3456, "tokens": 100}],
                      [{"seconds": 2.0, "tokens_per_s": 1000.0}] * 3, total=70)
    assert text == "loss 2.346 · 1,000 tok/s · ETA 2m00s"
    assert speed_text([], [], 10) == "starting"
