"""vLLM's offline engine (`vllm.LLM`), for GPU machines with the `[vllm]` extra.

Kept thin and written against vLLM's documented API only: `LLM(model=..., **engine_args)`,
`SamplingParams(n, temperature, top_p, max_tokens, seed, stop)`, `LLM.generate(prompts, params)`
for text and `LLM.chat(conversations, params)` for chat; each `RequestOutput` has
`prompt_token_ids` and `outputs[i].text / .token_ids / .finish_reason`. vLLM batches by itself;
requests are handed over in chunks so that a crash loses at most one chunk of answers.
Deployments that run `vllm serve` use the OpenAI-compatible backend instead.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence

from recipec.runtime.llm.backends.base import Backend
from recipec.runtime.llm.chat_template import load_chat_template, template_digest
from recipec.runtime.llm.errors import LLMError
from recipec.runtime.llm.types import CallResult, Request, Sample, SamplingParams


def import_vllm():
    try:
        import vllm
    except ImportError:
        raise LLMError("the vllm backend needs the `vllm` package, which is not installed",
                       hint="pip install 'recipec[vllm]' on a GPU machine, or run `vllm serve` "
                            "and use backend = \"openai\" with its base_url") from None
    return vllm


class VLLMBackend(Backend):
    kind = "vllm"

    def __init__(self, model: str, *, revision: str | None = None, chat_template: str | None = None,
                 chunk_size: int = 1024, engine_args: dict | None = None):
        super().__init__(model, revision=revision)
        self.chunk_size = chunk_size
        self.engine_args = dict(engine_args or {})
        # None: vLLM uses the tokenizer's own template. The stdlib's is passed per chat call.
        self.chat_template = load_chat_template(chat_template) if chat_template else None
        self._vllm = None
        self._llm = None

    def _engine(self):
        """vLLM and its engine, started on first use: a fully cached step needs neither (nor a
        GPU), so a finished build can be re-run on a machine without vLLM."""
        if self._llm is None:
            self._vllm = import_vllm()
            try:
                self._llm = self._vllm.LLM(model=self.model, revision=self.revision, **self.engine_args)
            except (OSError, ValueError) as exc:
                raise LLMError(f"vLLM cannot load model `{self.model}`: {' '.join(str(exc).split())[:160]}",
                               hint="give a local model folder or a hub id present in the HF cache") from None
        return self._vllm, self._llm

    def identity(self) -> dict:
        extra = {"chat_template": template_digest(self.chat_template)} if self.chat_template else {}
        return {**super().identity(), **extra}

    def generate(self, requests: Sequence[Request],
                 params: SamplingParams) -> Iterator[tuple[int, CallResult]]:
        vllm, _ = self._engine()
        sampling = vllm.SamplingParams(
            n=params.n, temperature=params.temperature, top_p=params.top_p,
            max_tokens=params.max_tokens, seed=params.seed, stop=list(params.stop) or None)
        for start in range(0, len(requests), self.chunk_size):
            chunk = requests[start:start + self.chunk_size]
            for offset, output in enumerate(self._run(chunk, sampling)):
                yield start + offset, _to_result(output)

    def _run(self, chunk: Sequence[Request], sampling) -> list:
        _, llm = self._engine()
        # vLLM keeps the order of its inputs; text and chat requests go to different methods.
        chats = [i for i, r in enumerate(chunk) if r.is_chat]
        texts = [i for i, r in enumerate(chunk) if not r.is_chat]
        outputs: list = [None] * len(chunk)
        if texts:
            done = llm.generate([chunk[i].prompt for i in texts], sampling, use_tqdm=False)
            for i, output in zip(texts, done):
                outputs[i] = output
        if chats:
            done = llm.chat([chunk[i].messages_as_dicts() for i in chats], sampling,
                                  use_tqdm=False, chat_template=self.chat_template,
                                  add_generation_prompt=True)
            for i, output in zip(chats, done):
                outputs[i] = output
        return outputs


def _to_result(output) -> CallResult:
    samples = tuple(Sample(c.text, c.finish_reason or "stop", len(c.token_ids)) for c in output.outputs)
    return CallResult(samples, len(output.prompt_token_ids or ()),
                      sum(s.completion_tokens for s in samples))
