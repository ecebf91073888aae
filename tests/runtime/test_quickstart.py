"""The README's main job: the bundled quickstart builds end to end into packed shards and a
report, and a second build from scratch gives byte-identical outputs."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from recipec.runtime.packing import ShardSet
from tests.compiler.helpers import ROOT

pytestmark = pytest.mark.slow


def _build(folder):
    result = subprocess.run([sys.executable, "-c", "from recipec.runtime.cli.main import main; "
                             "main()", "build", "recipes/quickstart.recipe", "--workdir",
                             str(folder)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def _manifests(folder):
    import json

    return {m["step"]: m for m in (json.loads(p.read_text())
                                   for p in folder.glob("*/manifest.json"))}


@pytest.fixture(scope="module")
def quickstart(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quickstart")
    output = _build(folder)
    return folder, output.stdout


def test_quickstart_builds_shards_and_a_report(quickstart):
    folder, stdout = quickstart
    manifests = _manifests(folder)
    pack = manifests["mixture.quickstart"]
    counts = pack["counts"]
    assert counts["tokens"] >= 400_000 and counts["seq_len"] == 2048
    shares = {c: v["share"] for c, v in counts["components"].items()}
    assert abs(shares["pipeline.code_clean"] - 0.7) < 0.02
    assert abs(shares["pipeline.docs_clean"] - 0.2) < 0.02
    assert abs(shares["pipeline.math_clean"] - 0.1) < 0.02
    shards = ShardSet(folder / pack["run_key"] / "shards")
    assert len(shards) * 2048 == counts["tokens"]
    eos = shards.eos_id
    assert any((shards[i].tokens == eos).any() for i in range(len(shards)))
    fim_prefix = 151659
    assert any((np.asarray(shards[i].tokens) == fim_prefix).any() for i in range(len(shards)))
    held_out = list((folder / pack["run_key"] / "held_out").iterdir())
    assert {p.name for p in held_out} == {"pipeline.code_clean", "pipeline.docs_clean",
                                          "pipeline.math_clean"}
    assert (folder / "_reports" / "quickstart.html").exists()
    # The planted cases are caught: a duplicate, a HumanEval prompt, a generated file.
    code = manifests["pipeline.code_clean/decontaminate"]["counts"]["reasons"]
    assert code.get("dropped_contaminated_humaneval", 0) >= 1
    assert manifests["pipeline.code_clean/dedup.exact"]["counts"]["docs_out"] < \
        manifests["pipeline.code_clean/dedup.exact"]["counts"]["docs_in"]


def test_second_build_from_scratch_is_byte_identical(quickstart, tmp_path):
    folder, _ = quickstart
    _build(tmp_path)
    first, second = _manifests(folder), _manifests(tmp_path)
    assert first.keys() == second.keys()
    for step, manifest in first.items():
        assert manifest == second[step], step


def test_rebuild_is_a_no_op(quickstart):
    folder, _ = quickstart
    stdout = _build(folder).stdout
    assert "nothing to do" in stdout
