"""Local generation with HF transformers, on CPU or GPU, in batches with left padding.

Chat requests go through the tokenizer's chat template (the stdlib's Qwen2.5 ChatML is attached
when the tokenizer has none). Sampling follows the OpenAI/vLLM meaning of the parameters:
temperature 0 is greedy, top-k is off, a stop string ends a sample and is not part of its text.
With a seed, every batch starts from that seed (in a forked RNG, so the caller's torch RNG is
untouched); outputs therefore depend on how requests were batched, which the call cache makes
harmless: a re-run reads the stored answers.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from recipec.runtime.llm.backends.base import Backend
from recipec.runtime.llm.chat_template import ensure_chat_template, load_chat_template, template_digest
from recipec.runtime.llm.errors import LLMError
from recipec.runtime.llm.types import CallResult, Request, Sample, SamplingParams


class TransformersBackend(Backend):
    kind = "transformers"

    def __init__(self, model: str, *, revision: str | None = None, device: str = "auto",
                 dtype: str = "auto", batch_size: int = 8, chat_template: str | None = None):
        super().__init__(model, revision=revision)
        if batch_size < 1:
            raise LLMError(f"batch_size = {batch_size} is below 1", hint="use 1 or more")
        import torch  # lazily: the compiler and plan-only commands never load torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        self._torch = torch
        self._model_class = AutoModelForCausalLM
        self.batch_size = batch_size
        self.device = ("cuda" if torch.cuda.is_available() else "cpu") if device == "auto" else device
        self._dtype = _torch_dtype(torch, dtype, self.device)
        if _looks_like_a_path(model) and not Path(model).expanduser().exists():
            raise _model_missing(model, FileNotFoundError(model))  # not a hub id: don't ask the hub
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(model, revision=revision)
        except (OSError, ValueError) as exc:
            raise _model_missing(model, exc) from None
        self.tokenizer.padding_side = "left"  # decoder-only: new tokens follow the prompt directly
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self.chat_template = ensure_chat_template(
            self.tokenizer, load_chat_template(chat_template) if chat_template else None)
        self._hf_model = None

    @property
    def hf_model(self):
        """The weights, loaded on first use: a fully cached step never needs them."""
        if self._hf_model is None:
            try:
                model = self._model_class.from_pretrained(self.model, revision=self.revision, dtype=self._dtype)
            except (OSError, ValueError) as exc:
                raise _model_missing(self.model, exc) from None
            self._hf_model = model.to(self.device).eval()
            self._end_ids = self._end_of_sequence_ids()
        return self._hf_model

    def identity(self) -> dict:
        return {**super().identity(), "chat_template": template_digest(self.chat_template)}

    def render(self, request: Request) -> str:
        """The exact text the model sees for `request`."""
        if not request.is_chat:
            return request.prompt
        return self.tokenizer.apply_chat_template(request.messages_as_dicts(), tokenize=False,
                                                  add_generation_prompt=True)

    def generate(self, requests: Sequence[Request],
                 params: SamplingParams) -> Iterator[tuple[int, CallResult]]:
        for start in range(0, len(requests), self.batch_size):
            batch = requests[start:start + self.batch_size]
            for offset, result in enumerate(self._generate_batch(batch, params)):
                yield start + offset, result

    def close(self) -> None:
        self._hf_model = None
        if self.device.startswith("cuda"):
            self._torch.cuda.empty_cache()

    # -- one batch -----------------------------------------------------------------------------

    def _generate_batch(self, batch: Sequence[Request], params: SamplingParams) -> list[CallResult]:
        torch = self._torch
        model = self.hf_model
        encoded = self.tokenizer([self.render(r) for r in batch], return_tensors="pt",
                                 padding=True, add_special_tokens=False).to(self.device)
        # Greedy decoding gives n identical samples: decode once, copy (as vLLM returns them).
        per_request = 1 if params.greedy else params.n
        options = {"max_new_tokens": params.max_tokens, "pad_token_id": self.tokenizer.pad_token_id,
                   "eos_token_id": self._end_ids, "num_return_sequences": per_request}
        if params.greedy:
            options.update(do_sample=False, temperature=None, top_p=None, top_k=None)
        else:
            options.update(do_sample=True, temperature=params.temperature, top_p=params.top_p, top_k=0)
        if params.stop:
            prompt_length = encoded["input_ids"].shape[1]
            options["stopping_criteria"] = [_stop_on_generated_text(self.tokenizer, params.stop, prompt_length)]
        devices = [torch.cuda.current_device()] if self.device.startswith("cuda") else []
        with torch.random.fork_rng(devices=devices), torch.inference_mode():
            if params.seed is not None:
                torch.manual_seed(params.seed)
            output = model.generate(**encoded, **options)
        new_tokens = output[:, encoded["input_ids"].shape[1]:].tolist()
        prompt_lengths = encoded["attention_mask"].sum(dim=1).tolist()
        results = []
        for i, prompt_tokens in enumerate(prompt_lengths):
            rows = new_tokens[i * per_request:(i + 1) * per_request]
            samples = [self._to_sample(row, params.stop) for row in rows] * (params.n // per_request)
            results.append(CallResult(tuple(samples), int(prompt_tokens),
                                      sum(s.completion_tokens for s in samples)))
        return results

    def _to_sample(self, ids: list[int], stop: tuple[str, ...]) -> Sample:
        """Cut a generated row at its end token or at a stop string (which is not kept).

        A row that ended on a stop string is padded after it, and the pad token is often the
        end token too, so stop strings are looked for in front of either."""
        end = next((i for i, token in enumerate(ids) if token in self._end_ids), None)
        body = ids if end is None else ids[:end]
        pad = self.tokenizer.pad_token_id
        while body and body[-1] == pad:
            body = body[:-1]
        text = self._decode(body)
        cuts = [text.find(s) for s in stop if s in text]
        if cuts:
            return Sample(text[:min(cuts)], "stop", len(body))
        if end is not None:
            return Sample(text, "stop", end + 1)  # the end token counts, as servers count it
        return Sample(text, "length", len(body))

    def _decode(self, ids: list[int]) -> str:
        return self.tokenizer.decode(ids, skip_special_tokens=True)

    def _end_of_sequence_ids(self) -> list[int]:
        """eos from the generation config and tokenizer, plus ChatML's <|im_end|> when the chat
        template writes it: a base model's config does not know that a chat turn ends there."""
        configured = self.hf_model.generation_config.eos_token_id
        ids = set(configured if isinstance(configured, list) else [configured])
        ids.add(self.tokenizer.eos_token_id)
        if "<|im_end|>" in self.chat_template:
            im_end = self.tokenizer.convert_tokens_to_ids("<|im_end|>")
            if isinstance(im_end, int) and im_end != self.tokenizer.unk_token_id:
                ids.add(im_end)
        return sorted(i for i in ids if i is not None)


def _stop_on_generated_text(tokenizer, stop: tuple[str, ...], prompt_length: int):
    """A stopping criterion that looks for stop strings in the *generated* text only.

    transformers' own `stop_strings` also matches across the end of the prompt (a prompt that
    ends in a newline stops at once on stop = "\n\n"), which OpenAI and vLLM never do. Each step
    decodes only the last few tokens of every row: a stop string of c characters ends within
    the last c tokens, since a token decodes to at least one character (a few more tokens cover
    byte pieces of one character)."""
    import torch
    from transformers import StoppingCriteria

    window = max(len(s) for s in stop) + 4

    class StopOnGeneratedText(StoppingCriteria):
        def __call__(self, input_ids, scores, **kwargs):
            start = max(prompt_length, input_ids.shape[1] - window)
            tails = tokenizer.batch_decode(input_ids[:, start:], skip_special_tokens=True)
            return torch.tensor([any(s in tail for s in stop) for tail in tails], device=input_ids.device)

    return StopOnGeneratedText()


def _torch_dtype(torch, dtype: str, device: str):
    if dtype == "auto":
        # float32 on CPU: bfloat16 matmuls there are slow on most CPUs, float16 is unsupported.
        return "auto" if device.startswith("cuda") else torch.float32
    try:
        return getattr(torch, dtype)
    except AttributeError:
        raise LLMError(f"dtype `{dtype}` is not a torch dtype",
                       hint="use auto, float32, bfloat16 or float16") from None


def _looks_like_a_path(model: str) -> bool:
    """A hub id is `name` or `org/name`; anything else is meant as a folder on this machine."""
    return model.startswith(("/", "./", "../", "~")) or model.count("/") > 1 or "\\" in model


def _model_missing(model: str, exc: Exception) -> LLMError:
    local = Path(model)
    if local.exists() and not (local / "config.json").is_file():
        what = f"directory `{model}` has no config.json"
    elif local.exists():
        what = f"cannot load the model in `{model}`: {' '.join(str(exc).split())[:160]}"
    elif _looks_like_a_path(model):
        what = f"model folder `{model}` does not exist"
    else:
        what = f"model `{model}` is neither a local directory nor in the local HF cache"
    return LLMError(what, hint="give a folder written by save_pretrained (config, weights, "
                               "tokenizer); nothing is downloaded while offline")
