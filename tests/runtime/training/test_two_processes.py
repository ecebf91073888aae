"""A phase on two processes through DeepSpeed's launcher (gloo on the CPU), ZeRO stage 3:
each process takes half of every global batch, so the loss curve is the single-process one."""
from __future__ import annotations

import json

import pytest
from transformers import AutoModelForCausalLM

from tests.runtime.training.helpers import (
    SHORT_STEPS, build, phase_params, read_metrics, short_plan, step_dir,
)


def test_two_processes_with_zero3_follow_the_single_process_curve(reference_run, tokenizer_json,
                                                                    tmp_path):
    _, _, reference = reference_run
    zero3 = {**phase_params("x")["deepspeed"], "zero_stage": 3}
    plan = short_plan(tokenizer_json, procs=2, micro_batch=2, deepspeed=zero3)
    result = build(plan, tmp_path)
    phase = step_dir(result, "phase.p", tmp_path)
    counts = result.manifests["phase.p"]["counts"]
    assert counts["processes"] == 2 and counts["steps"] == SHORT_STEPS
    job = json.loads((phase / "scratch" / "job.json").read_text())
    assert job["ds_config"]["zero_optimization"]["stage"] == 3
    assert job["ds_config"]["train_batch_size"] == 4
    log = (phase / "logs" / "train.log").read_text()
    assert "dist_world_size=2" in log
    # ZeRO-3 partitions optimizer state across both ranks
    ranks = sorted(p.name for p in (phase / "scratch" / "checkpoints").glob("*/zero_pp_rank_*"))
    assert any("rank_1" in name for name in ranks)
    two = read_metrics(phase)
    for got, want in zip(two, reference):
        assert got["tokens"] == want["tokens"]
        # the same math in another order (partitioned, all-reduced): float noise only
        assert got["loss"] == pytest.approx(want["loss"], rel=1e-3), got["step"]
    # the gathered checkpoint is the whole model
    model = AutoModelForCausalLM.from_pretrained(phase / "checkpoint")
    assert model.model.embed_tokens.weight.shape[1] == 64
