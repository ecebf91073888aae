"""Mixtures at the token level: components sampled to their share of the budget within their
epoch caps, deterministic by seed, infeasible ones a clear build error; FIM sentinels packed as
single ids; held-out sets beside the shards."""
from __future__ import annotations

import numpy as np
import pytest

from recipec.runtime.build.builder import BuildFailed
from recipec.runtime.packing import ShardSet
from tests.runtime.build.helpers import build, code_rows, write_jsonl_gz

RECIPE = """
import "std/qwen25_coder" as qwen
build {{ seed = {seed}, tasks = 2 }}
source code {{ kind = code, path = "data/code.jsonl.gz", metadata = ["path"] }}
source text {{ kind = text, path = "data/text.jsonl.gz" }}
tokenizer small {{
  train = {{ source = source.code, vocab_size = 1000 }}
  special = [token("<|endoftext|>"), token("<|fim_prefix|>", special = false),
             token("<|fim_middle|>", special = false), token("<|fim_suffix|>", special = false),
             token("<|fim_pad|>", special = false)]
  eos = "<|endoftext|>"
}}
fim f {{ psm = qwen.fim_psm, spm = qwen.fim_spm, rate = 100%, spm_rate = 50%, level = {level} }}
mixture m {{
  tokenizer = tokenizer.small
  seq_len = 256
  budget = {budget} tokens
  held_out = 10%
  component source.code {{ weight = 75%, fim = fim.f, max_epochs = 3 }}
  component source.text {{ weight = 25%, max_epochs = {text_epochs} }}
}}
"""


def recipe(seed=1, level="document", budget="12k", text_epochs=5):
    return RECIPE.format(seed=seed, level=level, budget=budget, text_epochs=text_epochs)


@pytest.fixture
def folder(tmp_path):
    write_jsonl_gz(tmp_path / "data" / "code.jsonl.gz", code_rows(200))
    text = [{"id": f"t{i}", "text": f"Paragraph {i} about sorting lists and maps. " * 6}
            for i in range(8)]
    write_jsonl_gz(tmp_path / "data" / "text.jsonl.gz", text)
    return tmp_path


def _pack(result):
    return result.manifests["mixture.m"]


@pytest.mark.parametrize("level", ["document", "context"])
def test_shares_tokens_sentinels_and_held_out(folder, level):
    result = build(folder, recipe(level=level))
    manifest = _pack(result)
    counts = manifest["counts"]
    components = counts["components"]
    assert abs(components["source.code"]["share"] - 0.75) < 0.03
    assert abs(components["source.text"]["share"] - 0.25) < 0.03
    assert components["source.text"]["epochs"] > 1  # the text component repeats
    step_dir = folder / "work" / manifest["run_key"]
    shards = ShardSet(step_dir / "shards")
    assert len(shards) == counts["sequences"] and counts["tokens"] == len(shards) * 256
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(folder / "work" / result.statuses[
        [s.step.id for s in result.statuses].index("tokenizer.small")].run_key /
        "tokenizer.json"))
    prefix = tokenizer.token_to_id("<|fim_prefix|>")
    tokens = np.concatenate([np.asarray(shards[i].tokens) for i in range(len(shards))])
    assert (tokens == prefix).sum() > 10  # FIM at 100% on 75% of the tokens
    held = {p.name for p in (step_dir / "held_out").iterdir()}
    assert held == {"source.code", "source.text"}
    assert (step_dir / "held_out_fim" / "source.code" / "shards.json").exists()


def test_seed_changes_the_order_and_the_same_seed_repeats_it(folder, tmp_path_factory):
    first = _pack(build(folder, recipe(seed=1)))
    again_folder = tmp_path_factory.mktemp("again")
    for name in ("code.jsonl.gz", "text.jsonl.gz"):
        (again_folder / "data").mkdir(exist_ok=True)
        (again_folder / "data" / name).write_bytes((folder / "data" / name).read_bytes())
    again = _pack(build(again_folder, recipe(seed=1)))
    assert first["files"] == again["files"]
    other = _pack(build(folder, recipe(seed=2)))
    assert other["files"]["shards/shard-00000.tokens.bin"] != \
        first["files"]["shards/shard-00000.tokens.bin"]


def test_infeasible_component_is_a_clear_build_error(folder):
    with pytest.raises(BuildFailed) as failure:
        build(folder, recipe(budget="13k", text_epochs=1))
    message = str(failure.value)
    assert failure.value.step_id == "mixture.m"
    assert "source.text" in message and "max_epochs" in message
    assert "\n" not in message
