"""The DeepSpeed config generated from a phase, the user's JSON merged on top, and the LR
schedule."""
from __future__ import annotations

import json

import pytest

from recipec.runtime.training.ds_config import DeepSpeedConfigError, batch_shape, deepspeed_config
from recipec.runtime.training.schedule import schedule_of
from tests.runtime.training.helpers import phase_params


def ds(**changes):
    base = phase_params("mixture.d")["deepspeed"]
    return {**base, **changes}


def test_recipe_settings_become_deepspeed_keys():
    params = phase_params("mixture.d", micro_batch=2, grad_accum=8, lr=1e-4, weight_decay=0.1,
                          deepspeed=ds(zero_stage=3, precision="bf16", offload="cpu",
                                       gradient_clipping=0.5))
    config = deepspeed_config(params, 4)
    assert config["train_micro_batch_size_per_gpu"] == 2
    assert config["gradient_accumulation_steps"] == 8
    assert config["train_batch_size"] == 2 * 8 * 4
    assert config["gradient_clipping"] == 0.5
    assert config["bf16"] == {"enabled": True} and config["fp16"]["enabled"] is False
    assert config["zero_optimization"] == {"stage": 3, "offload_optimizer": {"device": "cpu"},
                                           "offload_param": {"device": "cpu"}}
    assert config["optimizer"]["params"]["lr"] == 1e-4
    assert config["optimizer"]["params"]["weight_decay"] == 0.1
    assert "scheduler" not in config  # the schedule is ours unless the user names one


def test_user_json_then_overrides_are_merged_last(tmp_path):
    user = tmp_path / "ds.json"
    user.write_text(json.dumps({"zero_optimization": {"stage": 2, "overlap_comm": True},
                                "gradient_clipping": 2.0}))
    params = phase_params("mixture.d", deepspeed=ds(config=str(user),
                                                    overrides={"gradient_clipping": 3.0}))
    config = deepspeed_config(params, 1)
    assert config["zero_optimization"] == {"stage": 2, "overlap_comm": True}
    assert config["gradient_clipping"] == 3.0
    assert config["optimizer"]["type"] == "AdamW"  # untouched keys stay


def test_a_batch_override_changes_what_the_trainer_feeds():
    params = phase_params("mixture.d", deepspeed=ds(overrides={
        "train_micro_batch_size_per_gpu": 8, "gradient_accumulation_steps": 2,
        "train_batch_size": 32}))
    assert batch_shape(deepspeed_config(params, 2)) == (8, 2)


@pytest.mark.parametrize("content, message", [
    ("{not json", "not valid JSON"), ("[1, 2]", "not a JSON object")])
def test_a_bad_user_json_is_one_clear_error(tmp_path, content, message):
    user = tmp_path / "ds.json"
    user.write_text(content)
    with pytest.raises(DeepSpeedConfigError, match=message):
        deepspeed_config(phase_params("mixture.d", deepspeed=ds(config=str(user))), 1)
    with pytest.raises(DeepSpeedConfigError, match="No such file"):
        deepspeed_config(phase_params("mixture.d", deepspeed=ds(config=str(tmp_path / "x"))), 1)


def test_inconsistent_batch_sizes_are_refused():
    params = phase_params("mixture.d", deepspeed=ds(overrides={"train_batch_size": 7}))
    with pytest.raises(DeepSpeedConfigError, match="disagree"):
        deepspeed_config(params, 1)


def test_cosine_schedule_warms_up_then_decays_to_min_lr():
    schedule = schedule_of(phase_params("m", lr=1e-3, min_lr=1e-4, warmup=4), 20)
    factors = [schedule.factor(s) for s in range(20)]
    assert factors[:4] == [0.25, 0.5, 0.75, 1.0]
    assert factors[4] == 1.0 and factors[-1] == pytest.approx(0.1)
    assert all(a >= b for a, b in zip(factors[4:], factors[5:]))


def test_no_warmup_means_none_and_shares_count_steps():
    assert schedule_of(phase_params("m", warmup=0, schedule="constant"), 10).factor(0) == 1.0
    assert schedule_of(phase_params("m", warmup=0.25), 40).warmup == 10
    linear = schedule_of(phase_params("m", warmup=0, schedule="linear", min_lr=0.0), 11)
    assert [linear.factor(s) for s in (0, 5, 10)] == [1.0, 0.5, 0.0]
