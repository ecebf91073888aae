"""sft_data: chat messages with provenance, deterministic held-out split and sample, score
filter, and files that open in HF datasets and polars (jsonl and parquet)."""
from __future__ import annotations

import json
import random

import pytest

from tests.runtime.steps.step_helpers import build, step_dir, write_rows


def _rows(n: int = 20) -> list[dict]:
    rows = []
    for i in range(n):
        row = {"id": f"r{i}", "text": f"print({i})\n", "language": "python",
               "instruction": f"Print the number {i}."}
        if i % 2:
            row.update(score=float(i % 10), scores={"a": i % 10, "b": 10 - i % 10},
                       response=f"Easy:\n```python\nprint({i})\n```",
                       provenance={"solution": {"step": "x", "model": "m", "prompt": "p",
                                                "prompt_sha256": "abc"}},
                       answered_by="solution", verification={"status": "passed"},
                       tags=["printing"])
        rows.append(row)
    rows.append({"id": "no-instruction", "text": "x = 1\n", "language": "python"})
    return rows


FIELDS = '["language", "instruction", "score", "scores", "response", "provenance", ' \
         '"answered_by", "verification", "tags"]'


def _recipe(extra: str) -> str:
    return f'''
build {{ seed = 3, tasks = 1 }}
source rows {{ kind = synthetic, path = "rows/*.jsonl.gz", metadata = {FIELDS} }}
sft_data sft {{ inputs = [source.rows] {extra} }}
'''


def _read(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_records_are_chat_messages_with_provenance(tmp_path):
    write_rows(tmp_path / "rows" / "a.jsonl.gz", _rows())
    result = build(tmp_path, _recipe('system = "You are a coder.", held_out = 5 docs'))
    folder = step_dir(tmp_path, result, "sft_data.sft") / "sft"
    train, held = _read(folder / "train.jsonl"), _read(folder / "held_out.jsonl")
    assert (len(train), len(held)) == (15, 5)
    by_id = {r["id"]: r for r in train + held}
    scored, plain = by_id["source.rows:r3"], by_id["source.rows:r2"]
    assert scored["messages"] == [
        {"role": "system", "content": "You are a coder."},
        {"role": "user", "content": "Print the number 3."},
        {"role": "assistant", "content": "Easy:\n```python\nprint(3)\n```"}]
    assert plain["messages"][2]["content"] == "```python\nprint(2)\n```"
    assert (scored["model"], scored["prompt_sha256"], scored["sandbox_status"]) == \
        ("m", "abc", "passed")
    assert scored["scores"] == {"a": 3, "b": 7} and scored["score"] == 3.0
    assert plain["scores"] is None and plain["score"] is None and plain["provenance"] == []
    assert list(scored) == list(plain)  # one schema for every record
    counts = result.manifests["sft_data.sft"]["counts"]
    assert counts["reasons"] == {"skipped_no_instruction": 1}
    assert (counts["train"], counts["held_out"], counts["docs_in"]) == (15, 5, 21)


def test_held_out_share_sample_and_score_filter_are_deterministic(tmp_path):
    rows = _rows(40)
    write_rows(tmp_path / "a" / "rows" / "a.jsonl.gz", rows)
    random.Random(0).shuffle(rows)
    write_rows(tmp_path / "b" / "rows" / "a.jsonl.gz", rows)  # same rows, other order
    extra = "min_score = 5, held_out = 25%, max_samples = 8 samples"
    chosen = []
    for name in ("a", "b"):
        result = build(tmp_path / name, _recipe(extra))
        folder = step_dir(tmp_path / name, result, "sft_data.sft") / "sft"
        train, held = _read(folder / "train.jsonl"), _read(folder / "held_out.jsonl")
        assert (len(train), len(held)) == (6, 2)
        assert all(r["score"] >= 5 for r in train + held)
        chosen.append(({r["id"] for r in train}, {r["id"] for r in held}))
        counts = result.manifests["sft_data.sft"]["counts"]
        # the 20 odd rows are scored i % 10: 12 of them 5 or more, 8 of those sampled
        assert counts["reasons"] == {"skipped_below_min_score": 8, "skipped_no_instruction": 1,
                                     "skipped_not_sampled": 4, "skipped_unscored": 20}
    assert chosen[0] == chosen[1]


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_datasets_and_polars_open_the_files(tmp_path, fmt):
    import datasets
    import polars as pl

    write_rows(tmp_path / "rows" / "a.jsonl.gz", _rows())
    result = build(tmp_path, _recipe(f"format = {fmt}, held_out = 4 docs"))
    path = step_dir(tmp_path, result, "sft_data.sft") / "sft" / f"train.{fmt}"
    builder = "json" if fmt == "jsonl" else "parquet"
    dataset = datasets.load_dataset(builder, data_files=str(path), split="train",
                                    cache_dir=str(tmp_path / "hf"))
    assert len(dataset) == 16
    assert dataset[0]["messages"][0]["role"] == "user"
    frame = pl.read_ndjson(path) if fmt == "jsonl" else pl.read_parquet(path)
    assert frame.height == 16
    assert set(frame["sandbox_status"].drop_nulls().to_list()) == {"passed"}
    assert frame["messages"].list.len().to_list() == [2] * 16
