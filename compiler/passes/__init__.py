"""The compiler's passes, in order (design.md section 3). Each is `pass(ctx) -> None`.

`CHECK_PASSES` is what `recipec check` runs; `COMPILE_PASSES` adds the pydantic IR and the plan.
The driver stops after any pass that reported an error, so every pass may assume the ones before
it succeeded.
"""
from __future__ import annotations

from recipec.compiler.passes.apply_overrides import apply_overrides
from recipec.compiler.passes.check_domain import check_domain
from recipec.compiler.passes.check_schemas import check_schemas
from recipec.compiler.passes.collect_declarations import collect_declarations
from recipec.compiler.passes.load_imports import load_imports
from recipec.compiler.passes.resolve_references import resolve_references

CHECK_PASSES = (
    load_imports,          # 1-3. parse the root and its imports; AST with spans; import cycles
    collect_declarations,  # 4. namespaces, duplicates, unknown block kinds, overrides
    resolve_references,    # 5. names -> blocks, lets, params; did-you-mean
    apply_overrides,       # 6. merge overrides and `extends`; substitute params
    check_schemas,         # 7. attributes, types, units per block kind
    check_domain,          # 8. weights, templates, phases, budgets, prompts
)


def compile_passes():
    """The IR passes import pydantic: loaded only when a plan is wanted."""
    from recipec.compiler.passes.expand_plan import expand_plan
    from recipec.compiler.passes.lower_to_ir import lower_to_ir

    return CHECK_PASSES + (
        lower_to_ir,       # 9. typed values -> frozen pydantic IR
        expand_plan,       # 10. IR -> DAG steps with cache keys
    )
