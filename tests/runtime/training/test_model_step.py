"""The `model` step: random initialisation from a config (seeded), a local checkpoint, or a hub
name from the local cache only."""
from __future__ import annotations

import json

import pytest
from transformers import AutoModelForCausalLM, AutoTokenizer

from recipec.runtime.build.builder import BuildFailed
from tests.runtime.training.helpers import build, make_plan, step_dir, tiny_config, tokenizer_params


def model_plan(tokenizer_json, seed=1234, **origin):
    params = {"architecture": "qwen2", "hub": None, "path": None, "config": None,
              "tokenizer": "tokenizer.t", "dtype": "float32", **origin}
    return make_plan([("tokenizer.t", "tokenizer", tokenizer_params(tokenizer_json), []),
                      ("model.m", "model", params, ["tokenizer.t"])], seed=seed)


def built_model(tokenizer_json, folder, seed=1234, **origin):
    result = build(model_plan(tokenizer_json, seed, **origin), folder)
    return step_dir(result, "model.m", folder) / "model", result


def test_a_config_gives_a_seeded_random_model_that_hf_loads(tokenizer_json, tmp_path):
    first, result = built_model(tokenizer_json, tmp_path / "a", config=tiny_config())
    again, _ = built_model(tokenizer_json, tmp_path / "b", config=tiny_config())
    other, _ = built_model(tokenizer_json, tmp_path / "c", seed=7, config=tiny_config())
    weights = [(p / "model.safetensors").read_bytes() for p in (first, again, other)]
    assert weights[0] == weights[1] and weights[0] != weights[2]
    model = AutoModelForCausalLM.from_pretrained(first)
    tokenizer = AutoTokenizer.from_pretrained(first)
    assert model.config.vocab_size == len(tokenizer) == result.manifests["model.m"]["counts"][
        "vocab_size"]
    assert tokenizer.convert_tokens_to_ids("<|fim_middle|>") == len(tokenizer) - 5
    assert tokenizer.chat_template and tokenizer.eos_token == "<|endoftext|>"
    assert model.config.tie_word_embeddings and model.config.num_hidden_layers == 2
    config = json.loads((first / "config.json").read_text())
    assert config["rope_parameters"] == {"rope_type": "default", "rope_theta": 10000.0}
    lineage = json.loads((first / "lineage.json").read_text())
    assert [e["step"] for e in lineage["upstream"]] == ["tokenizer.t"]


def test_a_local_checkpoint_is_taken_as_it_is(tokenizer_json, tmp_path):
    source, _ = built_model(tokenizer_json, tmp_path / "a", config=tiny_config())
    copied, result = built_model(tokenizer_json, tmp_path / "b", path=str(source))
    assert result.manifests["model.m"]["counts"]["origin"] == "path"
    assert (copied / "model.safetensors").read_bytes() == (source / "model.safetensors").read_bytes()


def test_a_hub_model_missing_from_the_cache_fails_at_once(tokenizer_json, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty-cache"))
    with pytest.raises(BuildFailed) as failure:
        built_model(tokenizer_json, tmp_path, hub="Qwen/Qwen2.5-Coder-0.5B")
    assert "not in the local Hugging Face cache" in str(failure.value)
    assert "hf download Qwen/Qwen2.5-Coder-0.5B" in failure.value.hint


def test_a_checkpoint_with_a_smaller_vocabulary_is_refused(tokenizer_json, tmp_path):
    from transformers import Qwen2Config, Qwen2ForCausalLM

    small = tmp_path / "small"
    Qwen2ForCausalLM(Qwen2Config(vocab_size=300, hidden_size=32, intermediate_size=64,
                                 num_hidden_layers=1, num_attention_heads=4,
                                 num_key_value_heads=2)).save_pretrained(small)
    with pytest.raises(BuildFailed, match="fewer than the recipe tokenizer's"):
        built_model(tokenizer_json, tmp_path / "b", path=str(small))
