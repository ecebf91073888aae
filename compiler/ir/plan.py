"""The plan: the only thing the runtime reads (design.md section 2). Versioned, JSON-portable."""
from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, SerializeAsAny, create_model

from recipec.compiler.ir.models import IRModel, any_block, block_model
from recipec.compiler.schema.kinds import BLOCK_KINDS

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


def _typed_block(value):
    """A block's IR model, built on first use for its kind only: a plan with five kinds of
    block does not pay for creating the models of all twenty."""
    if isinstance(value, IRModel):
        return value
    if not isinstance(value, dict) or value.get("block_kind") not in BLOCK_KINDS:
        raise ValueError(f"not a block: {str(value)[:80]}")
    return block_model(value["block_kind"]).model_validate(value)


# Validated by its own kind's model; serialised with all of that model's fields.
Block = SerializeAsAny[Annotated[IRModel, BeforeValidator(_typed_block)]]


class Recipe(BaseModel):
    """The checked recipe: every block, typed, with defaults filled and units normalised."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    root: str = Field(description="the root recipe's file name")
    seed: int
    tasks: int = Field(description="output shards per data step")
    blocks: dict[str, Block]


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


def plan_json_schema() -> dict:
    """The plan's JSON schema with every block kind spelled out (`recipec schema`)."""
    typed_recipe = create_model("Recipe", __base__=Recipe, blocks=(dict[str, any_block()], ...))
    typed_plan = create_model("Plan", __base__=Plan, recipe=(typed_recipe, ...))
    return typed_plan.model_json_schema()
