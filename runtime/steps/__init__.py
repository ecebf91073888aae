"""Step implementations, registered by kind (the `kind` of a plan step).

Modules are imported by `load_step_kinds()` so that listing kinds costs nothing heavy: every
module imports its libraries inside `run`.
"""
from __future__ import annotations

import importlib

from recipec.runtime.steps.base import STEP_KINDS, StepContext, StepError, StepKind, register

MODULES = ("source", "concat", "filters", "language_id", "dedup", "decontaminate", "tokenizer",
           "mixture", "snippets", "instruction_synthesis", "multi_agent", "unit_tests", "score",
           "verify", "rejection_sampling", "sft_data", "model", "phase", "evaluate")


def load_step_kinds() -> dict[str, type[StepKind]]:
    for name in MODULES:
        importlib.import_module(f"recipec.runtime.steps.{name}")
    return STEP_KINDS


__all__ = ["STEP_KINDS", "StepContext", "StepError", "StepKind", "load_step_kinds", "register"]
