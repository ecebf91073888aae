"""What the LLM steps share: the model of an `llm` block behind the workdir's call cache, prompts
rendered from the plan, rows read and written, and the dry run that tells `recipec plan` how many
calls are cached.

Every call goes through one `CachedLLM` whose SQLite file is `<workdir>/_llm_cache/calls.sqlite`:
outside any step's run-key folder, so a step that re-runs because something else changed (a
prompt of another stage, an upstream row) pays only for calls it has never made, and a step killed
half-way keeps every answer that was committed. A model that is a folder (a `model`/`phase` step's
checkpoint, or a local path) is named in the cache by its content, not by where it lies.
"""
from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from recipec.runtime.steps.base import DATA, DROPPED, StepContext, StepError, StepKind

CALL_CACHE = Path("_llm_cache") / "calls.sqlite"
MODEL_DIGESTS = Path("_llm_cache") / "model_files.json"
# Rows go through a step's stages in chunks: memory stays bounded and a chunk's answers are
# committed before the next chunk starts. Each stage of a chunk is one batched call.
CHUNK_ROWS = 512
MISSING = "missing"  # finish_reason of a dry run's placeholder for an answer not in the cache


def call_cache_path(workdir: Path) -> Path:
    return Path(workdir) / CALL_CACHE


# ------------------------------------------------------------------------------------- the model

class _CacheFacingBackend:
    """The backend as the call cache sees it.

    The real backend is built on the first call that needs it: a fully cached step never loads a
    model, and with a server never imports its client. A model that is a folder is named by a
    digest of its files, so a moved workdir or checkout keeps its cached answers and new weights
    at the same path do not reuse old ones."""

    def __init__(self, config, content_name: str | None):
        self.config = config
        self.kind = config.backend
        self.model = content_name or config.model
        self._content_name = content_name
        self._inner = None

    @property
    def inner(self):
        if self._inner is None:
            from recipec.runtime.llm import make_backend

            self._inner = make_backend(self.config)
        return self._inner

    @property
    def retries(self) -> int:
        return self._inner.retries if self._inner is not None else 0

    def identity(self) -> dict:
        if self.kind == "openai":  # a server applies its own template: nothing to load
            identity = {"kind": "openai", "model": self.config.model,
                        "revision": self.config.revision}
        elif self.kind == "transformers" and self._content_name:
            # What TransformersBackend.identity() says, read from the folder's files: a cached
            # step needs neither torch nor the tokenizer (a test keeps the two equal).
            identity = {"kind": "transformers", "model": None, "revision": None,
                        "chat_template": _folder_chat_template_digest(self.config)}
        else:
            identity = dict(self.inner.identity())
        if self._content_name:
            identity.update(model=self._content_name, revision=None)
        return identity

    def generate(self, requests, params):
        return self.inner.generate(requests, params)

    def close(self) -> None:
        if self._inner is not None:
            self._inner.close()


def _folder_chat_template_digest(config) -> str:
    """The digest of the chat template a transformers backend applies for a model folder: the
    llm block's own, else the tokenizer's (chat_template.jinja, or tokenizer_config.json's
    `chat_template`, named "default" when it is a list), else the stdlib's Qwen2.5 ChatML."""
    import json

    from recipec.runtime.llm.chat_template import QWEN25_CHATML, load_chat_template, template_digest

    if config.chat_template:
        return template_digest(load_chat_template(config.chat_template))
    folder = Path(config.model)
    template = None
    if (folder / "chat_template.jinja").is_file():
        template = (folder / "chat_template.jinja").read_text(encoding="utf-8")
    elif (folder / "tokenizer_config.json").is_file():
        found = json.loads((folder / "tokenizer_config.json").read_text()).get("chat_template")
        if isinstance(found, list):
            found = next((t.get("template") for t in found if t.get("name") == "default"), None)
        template = found if isinstance(found, str) and found else None
    return template_digest(template or load_chat_template(QWEN25_CHATML))


@dataclass
class CallCount:
    """Calls a dry run found in the cache, and calls it would have to make. `exact` is False when
    a missing answer hides the calls that would follow from it (a later stage, a later round)."""

    cached: int = 0
    missing: int = 0

    @property
    def exact(self) -> bool:
        return self.missing == 0

    def to_dict(self) -> dict:
        return {"cached": self.cached, "missing": self.missing, "exact": self.exact}


class StepLLM:
    """One `llm` block of a step (`role` names it in counts: "llm", "judge")."""

    def __init__(self, ctx: StepContext, block: dict, *, role: str = "llm",
                 sampling: dict | None = None, dry_run: bool = False):
        from recipec.runtime.llm import CachedLLM, CallCache, LLMConfig
        from recipec.runtime.llm.config import Sampling

        self.role = role
        self.dry_run = dry_run
        self.count = CallCount()
        model, content_name, self.name = _resolve_model(ctx, block)
        values = {k: v for k, v in block.items() if k in LLMConfig.model_fields}
        try:
            self.config = LLMConfig.model_validate({**values, "model": model})
            chosen = Sampling.model_validate(sampling) if sampling else self.config.sampling
        except ValueError as error:
            raise StepError(f"llm `{block.get('model')}`: {str(error).splitlines()[0]}",
                            "check the llm block's attributes") from None
        self.sampling = chosen.params(default_seed=ctx.seed)
        self.backend = _CacheFacingBackend(self.config, content_name)
        # A dry run (`recipec plan`) creates nothing: with no cache file, nothing is cached.
        cache = CallCache() if dry_run and not call_cache_path(ctx.workdir).exists() else \
            _open_cache(ctx.workdir)
        self.cached = CachedLLM(self.backend, cache, price=self.config.price)

    @property
    def stats(self):
        return self.cached.stats

    def params(self, **overrides):
        return self.sampling.replace(**overrides) if overrides else self.sampling

    def generate(self, requests: Sequence, params=None) -> list[list]:
        """n completions per request (see CachedLLM.generate); LLM errors become StepErrors."""
        from recipec.runtime.llm import LLMError

        params = params or self.sampling
        if not requests:
            return []
        try:
            if self.dry_run:
                return self._from_cache_only(requests, params)
            return self.cached.generate(requests, params)
        except LLMError as error:
            where = f"{error.where}: " if error.where else ""
            raise StepError(f"{where}{error.message}", error.hint or "") from None

    def _from_cache_only(self, requests, params) -> list[list]:
        from recipec.runtime.llm import Completion

        keys = self.cached.keys(requests, params)
        stored = self.cached.cache.get_many(list({k for per in keys for k in per}))
        answers, seen = [], set()
        for per_request in keys:
            row = []
            for index, key in enumerate(per_request):
                value = stored.get(key)
                if key not in seen:
                    seen.add(key)
                    if value is None:
                        self.count.missing += 1
                    else:
                        self.count.cached += 1
                row.append(Completion(value.text, value.finish_reason, index, value.prompt_tokens,
                                      value.completion_tokens, True) if value is not None else
                           Completion("", MISSING, index, 0, 0, False))
            answers.append(row)
        return answers

    def usage(self) -> dict:
        """This model's line in the step's counts: what it is, calls made and cached, tokens."""
        counts = self.stats.to_dict(self.config.price)
        counts["total_prompt_tokens"] = counts["prompt_tokens"] + counts["cached_prompt_tokens"]
        counts["total_completion_tokens"] = (counts["completion_tokens"] +
                                             counts["cached_completion_tokens"])
        return {"model": self.name, "backend": self.config.backend, **counts}

    def close(self) -> None:
        self.backend.close()


_CACHES: dict[str, object] = {}


def _open_cache(workdir: Path):
    """One open CallCache per file and process (steps of one build share it)."""
    from recipec.runtime.llm import CallCache, LLMError

    path = str(call_cache_path(workdir).resolve())
    if path not in _CACHES or not Path(path).exists():
        try:
            _CACHES[path] = CallCache(path)
        except LLMError as error:
            raise StepError(error.one_line()) from None
    return _CACHES[path]


def _resolve_model(ctx: StepContext, block: dict) -> tuple[str, str | None, str]:
    """(what the backend loads, the cache's content name or None, the name for provenance)."""
    step = block.get("model_step")
    if step:
        if block["backend"] == "openai":
            raise StepError(f"llm model `{step}` is a checkpoint of this recipe, which a server "
                            "cannot be asked for", "use backend = transformers or vllm for it, "
                                                   "or serve the checkpoint and name it")
        folder = ctx.inputs[step]
        for sub in ("model", "checkpoint"):
            if (folder / sub).is_dir():
                digest = _manifest_digest(folder)
                return str(folder / sub), f"{step}@{digest}", step
        raise StepError(f"`{step}` wrote no model/ or checkpoint/ folder",
                        "rebuild that step with --force")
    model = block["model"]
    if block["backend"] != "openai":
        local = ctx.resolve(model)
        if os.path.isdir(local):
            return local, f"folder@{_folder_digest(ctx.workdir, local)}", model
    return model, None, model


def _manifest_digest(folder: Path) -> str:
    import json

    try:
        return json.loads((folder / "manifest.json").read_text())["digest"][:16]
    except (OSError, ValueError, KeyError):
        return hashlib.sha256(str(folder).encode()).hexdigest()[:16]


def _folder_digest(workdir: Path, folder: str) -> str:
    from recipec.runtime.cache.digests import FileDigests

    digests = FileDigests(Path(workdir) / MODEL_DIGESTS)
    files = [str(p) for p in sorted(Path(folder).rglob("*")) if p.is_file()]
    value = digests.digest_tree(files, folder)[:16]
    digests.save()
    return value


def model_folders(params: dict, resolve) -> list[str]:
    """The files of every local model folder a step's llm blocks name (for the run key)."""
    files: list[str] = []
    for block in params.values():
        if isinstance(block, dict) and "backend" in block and not block.get("model_step") \
                and block["backend"] != "openai":
            local = resolve(block["model"])
            if os.path.isdir(local):
                files += [str(p) for p in sorted(Path(local).rglob("*")) if p.is_file()]
    return files


# ------------------------------------------------------------------------------------ prompts

@dataclass(frozen=True)
class Prompt:
    """A prompt of the plan (`{"id", "template", "system"}`) ready to render as a chat request."""

    id: str
    template: object
    system: str | None

    @classmethod
    def of(cls, value: dict) -> Prompt:
        from recipec.runtime.llm import LLMError, PromptTemplate

        try:
            template = PromptTemplate.from_string(value["template"], value["id"])
        except LLMError as error:
            raise StepError(error.one_line()) from None
        return cls(value["id"], template, value.get("system"))

    @property
    def sha256(self) -> str:
        return self.template.sha256

    def request(self, **variables):
        from recipec.runtime.llm.types import Request

        return Request.chat(self.render(variables), system=self.system)

    def render(self, variables: dict) -> str:
        """What PromptTemplate.render gives, about twice as fast: the compiled template runs
        on a context made of the variables and jinja2's globals without copying them (a test
        checks the texts are equal). Any error goes through PromptTemplate.render, which words
        it as one line naming the template, its line and the variables it needs."""
        compiled = self.template._compiled
        try:
            context = compiled.new_context({**compiled.globals, **variables}, shared=True)
            return "".join(compiled.root_render_func(context)).strip()
        except Exception:
            from recipec.runtime.llm import LLMError

            try:
                return self.template.render(**variables)
            except LLMError as error:
                raise StepError(error.one_line(), "give the prompt only the variables its "
                                "step provides (`recipec explain E0610`)") from None

    def provenance(self, llm: StepLLM, step_id: str) -> dict:
        return {"step": step_id, "model": llm.name, "prompt": self.id,
                "prompt_sha256": self.sha256}


# --------------------------------------------------------------------------------------- rows

def read_rows(folder: Path) -> Iterable[dict]:
    """Documents {text, id, metadata} of an input step's data folder, in file order."""
    from recipec.runtime.steps.documents import iter_documents

    for doc in iter_documents(folder / DATA):
        doc.setdefault("metadata", {})
        yield doc


def chunks(rows: Iterable, size: int = CHUNK_ROWS) -> Iterable[list]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class RowWriter:
    """Documents to `<folder>/<rank>.jsonl.gz`, row i to shard i % shards. Bytes depend only on the
    rows (no gzip timestamp or name), so an identical re-run keeps readers' run keys."""

    def __init__(self, folder: Path, shards: int):
        folder.mkdir(parents=True, exist_ok=True)
        self.files = [_stable_gzip(folder / f"{rank:05d}.jsonl.gz") for rank in range(shards)]
        self.written = 0

    def write(self, doc: dict) -> None:
        import orjson

        self.files[self.written % len(self.files)].write(orjson.dumps(doc) + b"\n")
        self.written += 1

    def close(self) -> None:
        for handle in self.files:
            handle.close()


def _stable_gzip(path: Path):
    raw = open(path, "wb")
    try:
        from isal.igzip import IGzipFile

        return IGzipFile(filename="", fileobj=raw, mode="wb", mtime=0, compresslevel=1)
    except ImportError:  # pragma: no cover - isal comes with the runtime's dependencies
        return gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0, compresslevel=1)


@dataclass
class Outputs:
    """A step's kept rows (`data/`), dropped rows with their reason (`dropped/`), and counts."""

    ctx: StepContext
    docs_in: int = 0
    reasons: dict = field(default_factory=dict)

    def __post_init__(self):
        self.kept = RowWriter(self.ctx.output / DATA, max(1, self.ctx.tasks))
        self.dropped = RowWriter(self.ctx.output / DROPPED, 1)

    def keep(self, doc: dict) -> None:
        self.kept.write(doc)

    def drop(self, doc: dict, reason: str) -> None:
        key = f"dropped_{reason}"
        self.reasons[key] = self.reasons.get(key, 0) + 1
        self.dropped.write({**doc, "metadata": {**doc.get("metadata", {}),
                                                "filter_reason": reason}})

    def close(self) -> dict:
        self.kept.close()
        self.dropped.close()
        return {"docs_in": self.docs_in, "docs_out": self.kept.written,
                "reasons": dict(sorted(self.reasons.items()))}


def answer_of(doc: dict) -> str:
    """The row's answer as a person reads it: the model's full response when the row has one,
    else its code in a fenced block."""
    metadata = doc.get("metadata", {})
    if metadata.get("response"):
        return metadata["response"]
    return f"```{metadata.get('language', '')}\n{doc.get('text', '').rstrip()}\n```"


def code_from(answer: str, language: str, failures, *, require_block: bool):
    """The code of an answer in `language` (None on failure, counted); without a fenced block,
    `require_block = False` takes the whole answer as code (models that answer with bare code)."""
    from recipec.runtime.llm.parsing import Parsed, extract_code

    parsed = extract_code(answer, language)
    if not parsed.ok and not require_block and parsed.failure == "no_code_block" and answer.strip():
        parsed = Parsed(answer.strip())
    return failures.record(parsed)


# ----------------------------------------------------------------------------------- the steps

class LLMStep(StepKind):
    """An LLM step: `transform(ctx, rows, dry_run)` does the work; `run` writes it and
    `count_calls` replays it against the cache alone."""

    libraries = ("transformers", "openai")

    def external_inputs(self, params, resolve):
        return model_folders(params, resolve) or None

    def input_rows(self, ctx: StepContext) -> Iterable[dict]:
        for step_id in ctx.step.inputs:
            if step_id in _model_steps(ctx.params):
                continue
            yield from read_rows(ctx.inputs[step_id])

    def llms(self, ctx: StepContext, dry_run: bool) -> dict[str, StepLLM]:
        raise NotImplementedError

    def transform(self, ctx: StepContext, llms: dict[str, StepLLM], out: Outputs | None) -> dict:
        """Do the step's work; write through `out` (None in a dry run). Returns extra counts."""
        raise NotImplementedError

    def run(self, ctx: StepContext) -> dict:
        llms = self.llms(ctx, dry_run=False)
        out = Outputs(ctx)
        try:
            extra = self.transform(ctx, llms, out)
        finally:
            counts = out.close()
            for llm in llms.values():
                llm.close()
        counts["llm"] = {role: llm.usage() for role, llm in llms.items()}
        return {**counts, **extra}

    def count_calls(self, ctx: StepContext) -> CallCount:
        llms = self.llms(ctx, dry_run=True)
        self.transform(ctx, llms, None)
        total = CallCount()
        for llm in llms.values():
            total.cached += llm.count.cached
            total.missing += llm.count.missing
        return total


def _model_steps(params: dict) -> set[str]:
    return {block["model_step"] for block in params.values()
            if isinstance(block, dict) and block.get("model_step")}


def planned_calls(step, plan, workdir: Path, base_dir: Path,
                  inputs: dict[str, Path]) -> dict | None:
    """For `recipec plan`: how many of an LLM step's calls are already in the call cache.

    `inputs` maps each input step id to its built folder (None when the step is not an LLM step
    or an input is not built yet, so its requests cannot be known). Makes no call and writes
    nothing: the step's stages are replayed with answers read from the cache alone."""
    import tempfile

    from recipec.runtime.steps import STEP_KINDS, load_step_kinds

    load_step_kinds()
    kind = STEP_KINDS.get(step.kind)
    if kind is None or not issubclass(kind, LLMStep) or any(i not in inputs for i in step.inputs):
        return None
    with tempfile.TemporaryDirectory() as scratch:
        ctx = StepContext(step=step, plan=plan, output=Path(scratch), inputs=dict(inputs),
                          executor=None, base_dir=Path(base_dir), workdir=Path(workdir))
        return kind().count_calls(ctx).to_dict()


def plan_call_counts(plan, workdir, base_dir: Path, known: dict[str, dict]) -> dict[str, dict]:
    """`planned_calls` of every LLM step of a plan whose inputs are built: `known` maps step ids
    to their manifests (StatusResolver.known after `all()`), `workdir` is the build's Workdir."""
    counts = {}
    for step in plan.steps:
        if all(i in known for i in step.inputs):
            inputs = {i: workdir.step_dir(known[i]["run_key"]) for i in step.inputs}
            found = planned_calls(step, plan, workdir.root, base_dir, inputs)
            if found is not None:
                counts[step.id] = found
    return counts
