"""RoPE base / YaRN / max positions: written in the installed transformers' shape and checked by
loading the config back and computing the RoPE the model would use."""
from __future__ import annotations

import json
import math

import pytest
from transformers import AutoConfig, Qwen2Config

from recipec.runtime.training.rope import (
    RopeError, RopeSettings, check_folder, current_settings, model_rope, phase_settings,
    write_settings,
)


def save_config(folder, **changes):
    config = Qwen2Config(vocab_size=128, hidden_size=64, intermediate_size=128,
                         num_hidden_layers=1, num_attention_heads=4, num_key_value_heads=2,
                         max_position_embeddings=512, **changes)
    config.save_pretrained(folder)
    return json.loads((folder / "config.json").read_text())


def rewrite(folder, settings, major=None):
    values = json.loads((folder / "config.json").read_text())
    (folder / "config.json").write_text(json.dumps(write_settings(values, settings, major)))


def test_yarn_and_rope_base_are_read_back_by_transformers(tmp_path):
    save_config(tmp_path)
    current = current_settings(AutoConfig.from_pretrained(tmp_path))
    assert current == RopeSettings(10000.0, 512)
    settings = phase_settings(current, 1e6, {"factor": 4.0, "original_max": 512}, None)
    assert settings == RopeSettings(1e6, 2048, 4.0, 512)  # max = original * factor
    rewrite(tmp_path, settings)
    written = json.loads((tmp_path / "config.json").read_text())
    assert written["rope_parameters"] == {"rope_type": "yarn", "rope_theta": 1e6, "factor": 4.0,
                                          "original_max_position_embeddings": 512}
    assert "rope_scaling" not in written and "rope_theta" not in written
    check_folder(tmp_path, settings)
    inv_freq, attention = model_rope(AutoConfig.from_pretrained(tmp_path))
    assert attention == pytest.approx(0.1 * math.log(4.0) + 1.0)
    assert float(inv_freq[0]) == pytest.approx(1.0)                       # kept
    # head_dim 16: the lowest frequency theta^(-14/16), divided by the factor
    assert float(inv_freq[-1]) == pytest.approx(1e6 ** (-14 / 16) / 4.0)


def test_the_legacy_form_is_converted_on_load(tmp_path):
    save_config(tmp_path)
    settings = RopeSettings(1e6, 2048, 4.0, 512)
    rewrite(tmp_path, settings, major=4)
    assert json.loads((tmp_path / "config.json").read_text())["rope_scaling"]["type"] == "yarn"
    check_folder(tmp_path, settings)


def test_a_config_that_says_something_else_is_refused(tmp_path):
    save_config(tmp_path)
    with pytest.raises(RopeError, match="reads back"):
        check_folder(tmp_path, RopeSettings(1e6, 512))
    rewrite(tmp_path, RopeSettings(5e5, 512))
    with pytest.raises(RopeError):
        check_folder(tmp_path, RopeSettings(1e6, 512))


def test_unset_settings_are_kept_from_the_start_checkpoint():
    start = RopeSettings(1e6, 2048, 4.0, 512)
    assert phase_settings(start, None, None, None) == start
    assert phase_settings(start, 2e6, None, 4096) == RopeSettings(2e6, 4096, 4.0, 512)
