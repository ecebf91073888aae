"""`tokenizer`: the recipe's tokenizer as a folder HF `AutoTokenizer` loads —
`tokenizer.json`, `tokenizer_config.json` (eos, pad, chat template) — built from tiktoken
ranks, loaded from a file or the local hub cache, or trained on a source.

The compiler checked the *declared* special tokens; here the real vocabulary is checked: every
declared token must be one token with its declared id, or the build stops.
"""
from __future__ import annotations

import json

from recipec.runtime.steps.base import StepContext, StepError, StepKind, register
from recipec.runtime.steps.documents import iter_documents

TRAIN_DEFAULT_DOCS = 100_000


def _ranks(spec: str, resolve) -> str:
    """`package:file` names a file shipped in a package; anything else is a path."""
    package, colon, _ = spec.partition(":")
    return spec if colon and "/" not in package else resolve(spec)


def added_tokens(params: dict):
    from recipec.runtime.tokenization import AddedToken

    return [AddedToken(t["text"], t["id"], t["special"]) for t in params["special"]]


@register
class Tokenizer(StepKind):
    kind = "tokenizer"
    libraries = ("tokenizers",)

    def external_inputs(self, params, resolve):
        from recipec.runtime.tokenization import TokenizerError, resolve_hub_files, resolve_ranks

        try:
            if params["ranks"]:
                return [str(resolve_ranks(_ranks(params["ranks"], resolve)))]
            if params["hub"]:
                return [resolve_hub_files(params["hub"])]
        except TokenizerError as error:
            raise StepError(error.message, error.hint or "") from None
        if params["path"]:
            location = resolve(params["path"])
            return [location + "/tokenizer.json" if not location.endswith(".json") else location]
        return None  # trained: it reads its input step

    def run(self, ctx: StepContext) -> dict:
        from recipec.runtime.tokenization import (
            TokenizerError, build_tokenizer_from_ranks, load_hub_tokenizer, load_tokenizer,
            train_bpe,
        )

        params = ctx.params
        tokens = added_tokens(params)
        try:
            if params["ranks"]:
                tokenizer = build_tokenizer_from_ranks(_ranks(params["ranks"], ctx.resolve), tokens)
            elif params["hub"]:
                tokenizer = load_hub_tokenizer(params["hub"])
            elif params["train"]:
                train = params["train"]
                limit = train["max_docs"] or TRAIN_DEFAULT_DOCS
                texts = (doc["text"] for i, doc in enumerate(iter_documents(ctx.data_dir(
                    ctx.step.inputs[0]))) if i < limit)
                tokenizer = train_bpe(texts, train["vocab_size"], tokens)
            else:
                tokenizer = load_tokenizer(ctx.resolve(params["path"]))
        except TokenizerError as error:
            raise StepError(error.message, error.hint or "") from None
        check_vocabulary(tokenizer, tokens)
        tokenizer.save(str(ctx.output / "tokenizer.json"))
        config = tokenizer_config(params, tokenizer)
        (ctx.output / "tokenizer_config.json").write_text(json.dumps(config, indent=2,
                                                                     sort_keys=True) + "\n")
        return {"vocab_size": tokenizer.get_vocab_size(with_added_tokens=True),
                "special_tokens": len(tokens)}


def check_vocabulary(tokenizer, tokens) -> None:
    for token in tokens:
        found = tokenizer.token_to_id(token.text)
        if found is None:
            raise StepError(f"special token `{token.text}` is not in the tokenizer's vocabulary",
                            "declare only tokens the tokenizer has, or use one that has it")
        if token.id is not None and found != token.id:
            raise StepError(f"special token `{token.text}` has id {found}, not the declared "
                            f"{token.id}", "fix the id in the recipe's `special` list")


def tokenizer_config(params: dict, tokenizer) -> dict:
    """What transformers' PreTrainedTokenizerFast reads beside tokenizer.json."""
    eos = params["eos"]
    config = {"tokenizer_class": "PreTrainedTokenizerFast", "clean_up_tokenization_spaces": False,
              "model_max_length": 2**31 - 1, "eos_token": eos, "pad_token": eos,
              "added_tokens_decoder": {}}
    if params["chat_template"]:
        config["chat_template"] = params["chat_template"]
    return config
