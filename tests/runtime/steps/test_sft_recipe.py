"""recipes/sft.recipe builds end to end on this machine with the model it makes itself, and
writes an SFT dataset and a report; a second build has nothing to do."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _build(workdir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from recipec.runtime.cli.main import main; main()", "build",
         str(ROOT / "recipes" / "sft.recipe"), "-p", "snippets=2", "-p", "rounds=1",
         "--workdir", str(workdir)], capture_output=True, text=True, timeout=1200)


@pytest.mark.slow
def test_the_sft_recipe_builds_an_sft_dataset_and_a_report(tmp_path):
    first = _build(tmp_path / "work")
    assert first.returncode == 0, first.stderr[-3000:]
    (train,) = (tmp_path / "work").glob("*/sft/train.jsonl")
    held_out = train.with_name("held_out.jsonl")
    records = [json.loads(line) for line in train.read_text().splitlines()] + \
        [json.loads(line) for line in held_out.read_text().splitlines()]
    # 2 snippets x 2 languages, each the best of its candidates; 2 of them held out
    assert len(records) == 4 and len(held_out.read_text().splitlines()) == 2
    for record in records:
        assert [m["role"] for m in record["messages"]] == ["system", "user", "assistant"]
        assert record["model"] == "model.tiny" and record["sandbox_status"]
        assert {p["stage"] for p in record["provenance"]} >= {
            "instruction", "universal_code", "solution", "unit_tests"}
    assert list((tmp_path / "work" / "_reports").glob("*.html"))

    second = _build(tmp_path / "work")
    assert second.returncode == 0 and "nothing to do" in second.stdout
