"""The model of an `llm` block as a step uses it: the backend behind the workdir's call cache.

Every call goes through one `CachedLLM` whose SQLite file is `<workdir>/_llm_cache/calls.sqlite`:
outside any step's run-key folder, so a step that re-runs because something else changed (a
prompt of another stage, an upstream row) pays only for calls it has never made, and a step killed
half-way keeps every answer that was committed. A model that is a folder (a `model`/`phase` step's
checkpoint, or a local path) is named in the cache by its content, not by where it lies.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from recipec.runtime.steps.base import StepContext, StepError

CALL_CACHE = Path("_llm_cache") / "calls.sqlite"
MODEL_DIGESTS = Path("_llm_cache") / "model_files.json"
MISSING = "missing"  # finish_reason of a dry run's placeholder for an answer not in the cache


def call_cache_path(workdir: Path) -> Path:
    return Path(workdir) / CALL_CACHE


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
