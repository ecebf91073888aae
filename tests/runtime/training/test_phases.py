"""Phases as DAG steps, through the real builder: file-level pretraining, repo-level with RoPE
base 1M and YaRN from its checkpoint, SFT, mixed FIM + SFT, and the evaluation of the result.

One build (module fixture) of a tiny model on a repetitive corpus; each test checks one
property of what it produced. About a minute on two cores.
"""
from __future__ import annotations

import json

import pytest

from tests.runtime.training.helpers import (
    FUNCTIONS, build, conversations, make_plan, phase_params, step_dir, tiny_config,
    tokenizer_params,
)

FILE_STEPS = 40


def training_plan(tokenizer_json):
    model = {"architecture": "qwen2", "hub": None, "path": None, "config": tiny_config(),
             "tokenizer": "tokenizer.t", "dtype": "float32"}
    held_out = {"code": FUNCTIONS[:2]}
    return make_plan([
        ("tokenizer.t", "tokenizer", tokenizer_params(tokenizer_json), []),
        ("model.tiny", "model", model, ["tokenizer.t"]),
        ("mixture.file", "test.shards", {"texts": FUNCTIONS, "repeat": 150, "seq_len": 64,
                                         "fim_share": 0.3, "held_out": held_out,
                                         "held_out_fim": {"code": FUNCTIONS * 3}},
         ["tokenizer.t"]),
        ("mixture.repo", "test.shards", {"texts": ["\n".join(FUNCTIONS)], "repeat": 60,
                                         "seq_len": 256,
                                         "held_out": {"code": ["\n".join(FUNCTIONS[1:])]}},
         ["tokenizer.t"]),
        ("sft_data.chat", "test.sft", {"train": conversations(24), "held_out": conversations(4)},
         []),
        ("phase.file", "phase", phase_params("mixture.file", model="model.tiny",
                                             max_steps=FILE_STEPS, save_every=20),
         ["mixture.file", "model.tiny"]),
        ("phase.repo", "phase", phase_params("mixture.repo", after="phase.file", rope_theta=1e6,
                                             yarn={"factor": 4.0, "original_max": 128},
                                             micro_batch=2, max_steps=4, lr=1e-3),
         ["mixture.repo", "phase.file"]),
        ("phase.sft", "phase", phase_params("sft_data.chat", after="phase.repo", objective="sft",
                                            data_kind="sft_data", epochs=1.0, micro_batch=2,
                                            lr=1e-3),
         ["sft_data.chat", "phase.repo"]),
        ("phase.fim_sft", "phase", phase_params("sft_data.chat", after="phase.sft",
                                                objective="fim_sft", data_kind="sft_data",
                                                fim_data="mixture.file", fim_share=0.5,
                                                micro_batch=2, max_steps=6, packing=False,
                                                lr=1e-3),
         ["sft_data.chat", "phase.sft", "mixture.file"]),
        ("evaluate.final", "evaluate", {"phase": "phase.fim_sft", "held_out": True,
                                        "humaneval": {"k": [1], "samples": 1, "problems": 2,
                                                      "max_tokens": 16, "temperature": 0.0},
                                        "fim": True, "timeout": 10.0},
         ["phase.fim_sft", "sft_data.chat", "mixture.file", "mixture.repo"]),
    ])


@pytest.fixture(scope="module")
def built(tokenizer_json, tmp_path_factory):
    folder = tmp_path_factory.mktemp("phases")
    plan = training_plan(tokenizer_json)
    result = build(plan, folder)
    return plan, result, folder


def counts(built, step_id):
    return built[1].manifests[step_id]["counts"]


def folder_of(built, step_id):
    return step_dir(built[1], step_id, built[2])


def test_the_loss_falls_well_below_its_start(built):
    records = [json.loads(line) for line in
               (folder_of(built, "phase.file") / "metrics.jsonl").read_text().splitlines()]
    assert [r["step"] for r in records] == list(range(1, FILE_STEPS + 1))
    first = sum(r["loss"] for r in records[:3]) / 3
    last = sum(r["loss"] for r in records[-3:]) / 3
    assert first > 5.5            # a random model over a ~470-token vocabulary: ~ln(470)
    assert last < first - 2.5     # the repetitive corpus is learnt
    assert all(r["grad_norm"] is not None and r["grad_norm"] > 0 for r in records)
    assert counts(built, "phase.file")["curve"]["loss"][-1] == pytest.approx(records[-1]["loss"],
                                                                            abs=1e-4)


def test_a_checkpoint_is_an_hf_folder_with_its_lineage(built):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    checkpoint = folder_of(built, "phase.file") / "checkpoint"
    assert (checkpoint / "model.safetensors").is_file()
    model = AutoModelForCausalLM.from_pretrained(checkpoint)
    tokenizer = AutoTokenizer.from_pretrained(checkpoint)
    assert model.config.vocab_size == len(tokenizer)
    lineage = json.loads((checkpoint / "lineage.json").read_text())
    upstream = {e["step"]: e for e in lineage["upstream"]}
    assert set(upstream) == {"tokenizer.t", "model.tiny", "mixture.file"}
    assert upstream["mixture.file"]["run_key"] == built[1].manifests["mixture.file"]["run_key"]
    assert lineage["run_key"] == built[1].manifests["phase.file"]["run_key"]
    (named,) = upstream["tokenizer.t"]["files"]  # as seen from the recipe's folder
    assert (built[2] / named).resolve() == \
        __import__("pathlib").Path(built[0].step("tokenizer.t").params["path"]).resolve()


def test_recipec_lineage_prints_the_chain_of_a_checkpoint(built):
    from click.testing import CliRunner

    from recipec.runtime.cli.main import cli

    checkpoint = folder_of(built, "phase.repo") / "checkpoint"
    shown = CliRunner().invoke(cli, ["lineage", str(checkpoint)])
    assert shown.exit_code == 0, shown.output
    for step in ("tokenizer.t", "model.tiny", "mixture.repo", "phase.file"):
        assert step in shown.output
    missing = CliRunner().invoke(cli, ["lineage", str(checkpoint.parent / "nowhere")])
    assert missing.exit_code != 0 and "no lineage.json" in missing.output
    assert "Traceback" not in missing.output


def test_repo_level_starts_from_the_file_level_checkpoint_with_yarn(built):
    from transformers import AutoConfig

    repo = folder_of(built, "phase.repo")
    job = json.loads((repo / "scratch" / "job.json").read_text())
    assert job["start"] == str(folder_of(built, "phase.file") / "checkpoint")
    config = json.loads((repo / "checkpoint" / "config.json").read_text())
    assert config["rope_parameters"] == {"rope_type": "yarn", "rope_theta": 1e6, "factor": 4.0,
                                         "original_max_position_embeddings": 128}
    assert config["max_position_embeddings"] == 512
    loaded = AutoConfig.from_pretrained(repo / "checkpoint")
    assert loaded.rope_parameters["rope_type"] == "yarn"
    # it continues the file-level model: its first loss is far below a fresh model's
    assert counts(built, "phase.repo")["loss_first"] < counts(built, "phase.file")["loss_first"] - 2
    lineage = json.loads((repo / "checkpoint" / "lineage.json").read_text())
    assert [e["step"] for e in lineage["upstream"] if e["kind"] == "phase"] == ["phase.file"]


def test_sft_trains_on_packed_conversations(built):
    sft = counts(built, "phase.sft")
    assert sft["objective"] == "sft" and sft["data"]["conversations"] == 24
    assert sft["steps"] == -(-sft["samples"] // 2)  # one epoch of packed rows, 2 per step
    assert sft["loss_final"] < sft["loss_first"]


def test_fim_sft_mixes_fim_batches_at_its_share(built):
    mixed = counts(built, "phase.fim_sft")
    assert mixed["objective"] == "fim_sft" and mixed["steps"] == 6
    assert 0 < mixed["fim_micro_batches"] < 6


def test_evaluation_reports_every_measure(built):
    report = json.loads((folder_of(built, "evaluate.final") / "evaluation.json").read_text())
    held = report["held_out"]
    assert set(held) == {"sft_data.chat", "mixture.file/code", "mixture.repo/code"}
    for value in held.values():
        assert value["tokens"] > 0 and value["perplexity"] == pytest.approx(
            __import__("math").exp(value["loss"]), rel=1e-3)
    assert report["humaneval"]["problems"] == 2
    assert report["humaneval"]["pass@1"] == 0.0  # a tiny model does not solve HumanEval
    samples = (folder_of(built, "evaluate.final") / "humaneval" / "samples.jsonl").read_text()
    assert [json.loads(line)["task_id"] for line in samples.splitlines()] == \
        ["HumanEval/0", "HumanEval/1"]
    assert report["fim"]["samples"] > 0 and 0 <= report["fim"]["exact_match"] <= 1


def test_a_changed_sft_phase_reruns_only_itself_and_what_follows(built, tokenizer_json):
    plan, _, folder = built
    changed = [(s.id, s.kind, dict(s.params), list(s.inputs)) for s in plan.steps]
    for entry in changed:
        if entry[0] == "phase.fim_sft":
            entry[2]["lr"] = 5e-4
    result = build(make_plan(changed), folder)
    assert result.ran == ["phase.fim_sft", "evaluate.final"]


def test_recipec_lineage_prints_the_chain_of_a_checkpoint(built):
    from click.testing import CliRunner

    from recipec.runtime.cli.lineage import lineage

    checkpoint = folder_of(built, "phase.fim_sft") / "checkpoint"
    out = CliRunner().invoke(lineage, [str(checkpoint)])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0] == "lineage of phase.fim_sft (training-test.recipe, seed 1234)"
    phases = [line.split()[0] for line in lines if line.startswith("  phase.")]
    assert phases == ["phase.file", "phase.repo", "phase.sft", "phase.fim_sft"]
    run_keys = {step: built[1].manifests[step]["run_key"][:12] for step in built[1].manifests}
    for step in ("tokenizer.t", "model.tiny", "mixture.file", "mixture.repo", "sft_data.chat",
                 "phase.file", "phase.sft", "phase.fim_sft"):
        assert any(line.split()[:3] == [step, "run", run_keys[step]] for line in
                   (line.strip() for line in lines)), step
    full = CliRunner().invoke(lineage, [str(checkpoint.parent), "--json"])
    assert full.exit_code == 0
    assert __import__("json").loads(full.output)["run_key"] == \
        built[1].manifests["phase.fim_sft"]["run_key"]
    missing = CliRunner().invoke(lineage, [str(checkpoint.parent / "nowhere")])
    assert missing.exit_code == 1 and "no lineage.json" in missing.output
