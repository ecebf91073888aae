"""`model`: the model a recipe's first phase starts from, as an HF folder (`model/`: config.json,
model.safetensors, the recipe's tokenizer files, lineage.json) that `AutoModelForCausalLM` and
`AutoTokenizer` load.

Three origins: a config (Qwen2 architecture, random initialisation seeded by the recipe's seed,
vocabulary size of the recipe's tokenizer), a local HF checkpoint, or a hub name resolved from
the local Hugging Face cache only (builds run offline and fail at once when it is missing).
"""
from __future__ import annotations

import json
import shutil

from recipec.runtime.steps.base import StepContext, StepError, StepKind, expand_paths, register

OUTPUT = "model"
DTYPES = {"float32", "bfloat16", "float16"}


@register
class Model(StepKind):
    kind = "model"
    libraries = ("transformers", "torch", "safetensors")

    def external_inputs(self, params, resolve):
        if params["path"]:
            files = expand_paths(resolve(params["path"]))
            return files or [resolve(params["path"]) + "/config.json"]
        return None

    def run(self, ctx: StepContext) -> dict:
        import torch

        params = ctx.params
        tokenizer_dir = ctx.input_dir(0)
        vocab_size, eos_id, pad_id = tokenizer_facts(tokenizer_dir)
        if params["config"] is not None:
            model = random_model(params["config"], vocab_size, eos_id, pad_id, ctx.seed)
            origin = "config"
        else:
            model = pretrained_model(ctx.resolve(params["path"]) if params["path"] else None,
                                     params["hub"])
            origin = "path" if params["path"] else "hub"
            check_vocabulary(model.config, vocab_size)
        out = ctx.output / OUTPUT
        if out.exists():
            shutil.rmtree(out)
        model.to(getattr(torch, params["dtype"])).save_pretrained(str(out))
        copy_tokenizer(tokenizer_dir, out)
        from recipec.runtime.training.lineage import FILE, build_lineage, write_lineage

        write_lineage(out / FILE, build_lineage(ctx.plan, ctx.step, ctx.output.name,
                                                ctx.workdir, ctx.base_dir))
        return {"origin": origin, "parameters": sum(p.numel() for p in model.parameters()),
                "vocab_size": int(model.config.vocab_size), "dtype": params["dtype"],
                "layers": int(model.config.num_hidden_layers),
                "hidden_size": int(model.config.hidden_size)}


def copy_tokenizer(source, out) -> None:
    """The recipe's tokenizer files beside the weights. An empty `added_tokens_decoder` is
    left out: beside a qwen2 config.json, transformers 5 loads the folder as Qwen2Tokenizer,
    which takes that empty table over tokenizer.json's added tokens and loses them all."""
    shutil.copy2(source / "tokenizer.json", out / "tokenizer.json")
    config = json.loads((source / "tokenizer_config.json").read_text())
    if not config.get("added_tokens_decoder", True):
        del config["added_tokens_decoder"]
    (out / "tokenizer_config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")


def tokenizer_facts(folder) -> tuple[int, int | None, int | None]:
    """(vocabulary size with added tokens, eos id, pad id) of a tokenizer step's folder."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    config = json.loads((folder / "tokenizer_config.json").read_text())
    ids = {name: tokenizer.token_to_id(config[name]) if isinstance(config.get(name), str) else None
           for name in ("eos_token", "pad_token")}
    return tokenizer.get_vocab_size(with_added_tokens=True), ids["eos_token"], ids["pad_token"]


def random_model(sizes: dict, vocab_size: int, eos_id, pad_id, seed: int):
    """A Qwen2 model of `sizes`, initialised from `seed`: same seed, same bytes."""
    import torch
    from transformers import Qwen2Config, Qwen2ForCausalLM

    from recipec.runtime.training.rope import RopeSettings, write_settings

    values = {"vocab_size": vocab_size, "hidden_size": sizes["hidden_size"],
              "intermediate_size": sizes["intermediate_size"],
              "num_hidden_layers": sizes["num_hidden_layers"],
              "num_attention_heads": sizes["num_attention_heads"],
              "num_key_value_heads": sizes["num_key_value_heads"],
              "tie_word_embeddings": sizes["tie_word_embeddings"],
              "rms_norm_eps": sizes["rms_norm_eps"], "bos_token_id": None,
              "eos_token_id": eos_id, "pad_token_id": pad_id}
    if sizes["hidden_size"] % sizes["num_attention_heads"] or \
            sizes["num_attention_heads"] % sizes["num_key_value_heads"]:
        raise StepError("the model config's heads do not divide: hidden_size must be a multiple "
                        "of num_attention_heads, and that of num_key_value_heads",
                        "use one of the stdlib sizes (qwen.size_0_5b ... size_32b, size_tiny)")
    values = write_settings(values, RopeSettings(float(sizes["rope_theta"]),
                                                 int(sizes["max_position_embeddings"])))
    torch.manual_seed(seed)
    return Qwen2ForCausalLM(Qwen2Config(**values))


def pretrained_model(path: str | None, hub: str | None):
    """A checkpoint from a local folder, or from the local HF cache (never the network)."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    where = path or hub
    try:
        config = AutoConfig.from_pretrained(where, local_files_only=True)
    except (OSError, ValueError) as error:
        if path:
            raise StepError(f"{path} is not an HF checkpoint ({_first_line(error)})",
                            "point `path` at a folder with config.json and model.safetensors"
                            ) from None
        raise StepError(f"model `{hub}` is not in the local Hugging Face cache; builds run "
                        "offline", f"on a machine with network run `hf download {hub}` (same "
                        "HF_HOME), or set `path` to a local checkpoint") from None
    if config.model_type != "qwen2":
        raise StepError(f"{where} is a `{config.model_type}` model; recipes train the qwen2 "
                        "architecture", "start from a Qwen2/Qwen2.5 checkpoint")
    try:
        return AutoModelForCausalLM.from_pretrained(where, local_files_only=True,
                                                    dtype=torch.float32)
    except (OSError, ValueError) as error:
        raise StepError(f"{where}: the weights cannot be loaded ({_first_line(error)})",
                        "download the checkpoint completely (safetensors files)") from None


def check_vocabulary(config, vocab_size: int) -> None:
    if config.vocab_size < vocab_size:
        raise StepError(f"the model's embedding has {config.vocab_size} rows, fewer than the "
                        f"recipe tokenizer's {vocab_size} tokens",
                        "use the tokenizer the checkpoint was trained with")


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
