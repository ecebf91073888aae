"""IR -> DAG steps (design.md section 6). One block may become several steps.

Step ids are `kind.label` for blocks and `kind.label/part` for their parts
(`pipeline.clean/dedup.minhash`, `mixture.pretrain/pipeline.clean`). Each step's `params` is
everything that shapes its output and nothing else (declared sizes, for example, only serve the
compiler's checks); configuration blocks (fim, llm, prompt, checklist, deepspeed, repo_format)
are inlined into the steps that use them, prompt and chat-template files by content, so a plan
runs unchanged on another machine.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from recipec.compiler.context import STDLIB_DIR
from recipec.compiler.plan.cache_key import plan_key
from recipec.compiler.plan.versions import STEP_VERSIONS

# Blocks that only configure the steps of other blocks.
CONFIG_KINDS = frozenset({"build", "fim", "repo_format", "llm", "prompt", "checklist",
                          "deepspeed"})
# Attributes that inform the compiler's checks but never change an output.
CHECK_ONLY = {"source": ("tokens", "docs")}


@dataclass
class Draft:
    id: str
    kind: str
    block: str
    params: dict
    inputs: list[str] = field(default_factory=list)


class PlanError(Exception):
    """A file the plan must inline cannot be read (reported as E0609 by the pass)."""

    def __init__(self, block_id: str, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.block_id, self.path, self.reason = block_id, path, reason


def expand(ir, root_dir: str, root_blocks: list[str]) -> list[dict]:
    """The steps of the blocks in `root_blocks` (and all they read), inputs before readers."""
    expander = _Expander(ir, root_dir)
    for block_id in root_blocks:
        if ir.blocks[block_id].block_kind not in CONFIG_KINDS:
            expander.output_of(block_id)
    keys: dict[str, str] = {}
    steps = []
    for draft in expander.drafts.values():
        version = STEP_VERSIONS[draft.kind]
        key = plan_key(draft.kind, version, draft.params, ir.seed,
                       [keys[i] for i in draft.inputs])
        keys[draft.id] = key
        steps.append(dict(id=draft.id, kind=draft.kind, version=version, block=draft.block,
                          params=draft.params, inputs=tuple(draft.inputs), cache_key=key))
    return steps


class _Expander:
    def __init__(self, ir, root_dir: str):
        self.ir = ir
        self.root_dir = root_dir
        self.drafts: dict[str, Draft] = {}   # insertion order = dependency order
        self.outputs: dict[str, str] = {}

    # ------------------------------------------------------------------ helpers
    def block(self, block_id: str) -> dict:
        return self.ir.blocks[block_id].model_dump(mode="json")

    def config(self, block_id: str | None) -> dict | None:
        """A configuration block inlined: its values without the IR's bookkeeping."""
        if block_id is None:
            return None
        values = self.block(block_id)
        del values["block_kind"], values["block_id"]
        return values

    def add(self, step_id: str, kind: str, block_id: str, params: dict,
            inputs: list[str]) -> str:
        self.drafts[step_id] = Draft(step_id, kind, block_id, params, inputs)
        return step_id

    def read(self, block_id: str, path: str) -> str:
        location = (os.path.join(STDLIB_DIR, path[4:]) if path.startswith("std:") else
                    path if os.path.isabs(path) else os.path.join(self.root_dir, path))
        try:
            with open(location, encoding="utf-8") as f:
                return f.read()
        except (OSError, UnicodeDecodeError) as error:
            raise PlanError(block_id, path, getattr(error, "strerror", None) or str(error))

    def llm(self, block_id: str) -> dict:
        """An llm block inlined, its chat template file by content. A model built by this recipe
        (a `model` or `phase`) becomes an input: `model_step` names the step whose checkpoint
        the runtime loads."""
        values = self.config(block_id)
        if values["chat_template"] is not None:
            values["chat_template"] = self.read(block_id, values["chat_template"])
        model = values["model"]
        values["model_step"] = self.output_of(model) if model in self.ir.blocks else None
        return values

    def prompt(self, block_id: str | None) -> dict | None:
        if block_id is None:
            return None
        values = self.config(block_id)
        text = values["text"] if values["file"] is None else self.read(block_id, values["file"])
        return {"id": block_id, "template": text, "system": values["system"]}

    # ------------------------------------------------------------------ dispatch
    def output_of(self, block_id: str) -> str:
        """The id of the step holding a block's output, expanding the block on first use."""
        if block_id not in self.outputs:
            kind = self.ir.blocks[block_id].block_kind
            self.outputs[block_id] = getattr(self, f"_{kind}", self._single)(block_id)
        return self.outputs[block_id]

    def _single(self, block_id: str) -> str:
        """A block that is one step, reading the data blocks its attributes reference."""
        values = self.config(block_id)
        kind = self.ir.blocks[block_id].block_kind
        inputs: list[str] = []
        for name in ("input", "seeds", "tokenizer", "data"):
            ref = values.get(name)
            if isinstance(ref, str) and ref in self.ir.blocks and \
                    self.ir.blocks[ref].block_kind not in CONFIG_KINDS:
                inputs.append(self.output_of(ref))
        for name in ("llm", "judge"):
            if values.get(name):
                values[name] = self.llm(values[name])
                if values[name]["model_step"]:
                    inputs.append(values[name]["model_step"])
        for name in ("instruction", "universal_code", "solution", "prompt", "judge_prompt"):
            if values.get(name):
                values[name] = self.prompt(values[name])
        if values.get("checklist"):
            values["checklist"] = self.config(values["checklist"])
        if kind == "rejection_sampling" and values.get("verify"):
            values["verify"] = self.config(values["verify"])
        if kind == "sft_data":
            inputs = [self.output_of(ref) for ref in values["inputs"]]
        params = {k: v for k, v in values.items() if k not in CHECK_ONLY.get(kind, ())}
        if kind in ("source", "sft_data", "snippets"):
            params["tasks"] = self.ir.tasks
        return self.add(block_id, kind, block_id, params, inputs)

    # ------------------------------------------------------------------ data
    def _tokenizer(self, block_id: str) -> str:
        values = self.config(block_id)
        inputs = []
        if values["train"] is not None:
            inputs.append(self.output_of(values["train"]["source"]))
        if values["chat_template"] is not None:
            values["chat_template"] = self.read(block_id, values["chat_template"])
        return self.add(block_id, "tokenizer", block_id, values, inputs)

    def _pipeline(self, block_id: str) -> str:
        values = self.config(block_id)
        sources = values["input"] if isinstance(values["input"], list) else [values["input"]]
        previous = [self.output_of(s) for s in sources]
        if not values["steps"]:
            return self.add(f"{block_id}/concat", "concat", block_id,
                            {"tasks": self.ir.tasks}, previous)
        seen: dict[str, int] = {}
        for call in values["steps"]:
            kind = call.pop("kind")
            seen[kind] = seen.get(kind, 0) + 1
            step_id = f"{block_id}/{kind}" + (f"#{seen[kind]}" if seen[kind] > 1 else "")
            call["tasks"] = self.ir.tasks
            previous = [self.add(step_id, kind, block_id, call, previous)]
        return previous[0]

    def _mixture(self, block_id: str) -> str:
        values = self.config(block_id)
        tokenizer = self.output_of(values["tokenizer"])
        parts = []
        for component in values["components"]:
            fim = self.config(component["fim"])
            repo = self.config(component["repo"])
            if repo is not None:
                repo["fim"] = self.config(repo["fim"])
            params = {"seq_len": values["seq_len"], "held_out": values["held_out"],
                      "fim": fim, "repo": repo, "tasks": self.ir.tasks}
            parts.append(self.add(f"{block_id}/{component['block']}", "mixture.tokenize",
                                  block_id, params,
                                  [self.output_of(component["block"]), tokenizer]))
        params = {"seq_len": values["seq_len"], "budget": values["budget"],
                  "components": [{"step": step, "weight": c["weight"],
                                  "max_epochs": c["max_epochs"], "fim": self.config(c["fim"])}
                                 for step, c in zip(parts, values["components"])],
                  "tasks": self.ir.tasks}
        return self.add(block_id, "mixture.pack", block_id, params, parts + [tokenizer])

    # ------------------------------------------------------------------ training
    def _model(self, block_id: str) -> str:
        values = self.config(block_id)
        return self.add(block_id, "model", block_id, values, [self.output_of(values["tokenizer"])])

    def _phase(self, block_id: str) -> str:
        values = self.config(block_id)
        start = values["after"] or values["model"]
        inputs = [self.output_of(values["data"]), self.output_of(start)]
        if values["fim_data"]:
            inputs.append(self.output_of(values["fim_data"]))
        values["deepspeed"] = self.config(values["deepspeed"])
        values["data_kind"] = self.ir.blocks[values["data"]].block_kind
        if values["objective"] is None:
            values["objective"] = "next_token" if values["data_kind"] == "mixture" else "sft"
        return self.add(block_id, "phase", block_id, values, inputs)

    def _evaluate(self, block_id: str) -> str:
        """The phase's checkpoint first, then the data of that phase and of every phase before
        it (their held-out splits: loss per component, FIM samples), nearest phase first."""
        values = self.config(block_id)
        inputs = [self.output_of(values["phase"])]
        phase_id = values["phase"]
        while phase_id is not None:
            phase = self.ir.blocks[phase_id]
            for data in (phase.data, phase.fim_data):
                if data is not None and self.output_of(data) not in inputs:
                    inputs.append(self.output_of(data))
            phase_id = phase.after
        return self.add(block_id, "evaluate", block_id, values, inputs)
