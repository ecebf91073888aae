"""The plan: the only thing the runtime reads (design.md section 2). Versioned, JSON-portable."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from recipec.compiler.ir.models import any_block

# Bump when the plan's shape changes incompatibly; the runtime refuses other versions.
PLAN_SCHEMA_VERSION = 1


class Step(BaseModel):
    """One node of the DAG."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(description="`kind.label` for blocks, `kind.label/step` for their parts")
    kind: str = Field(description="the runtime implementation that runs it")
    version: int = Field(description="that implementation's output version")
    block: str = Field(description="the recipe block it comes from")
    params: dict[str, Any] = Field(description="everything that shapes its output, normalised")
    inputs: tuple[str, ...] = Field(description="ids of the steps it reads")
    cache_key: str = Field(description="the plan key: sha256 of kind, version, params, seed and "
                                       "the input steps' keys")


def _recipe_model():
    block = any_block()

    class Recipe(BaseModel):
        """The checked recipe: every block, typed, with defaults filled and units normalised."""

        model_config = ConfigDict(frozen=True, extra="forbid")

        root: str = Field(description="the root recipe's file name")
        seed: int
        tasks: int = Field(description="output shards per data step")
        blocks: dict[str, block]

    return Recipe


Recipe = _recipe_model()


class Plan(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int = PLAN_SCHEMA_VERSION
    recipe: Recipe
    steps: tuple[Step, ...] = Field(description="in dependency order")

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)
