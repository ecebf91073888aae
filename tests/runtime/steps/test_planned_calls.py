"""`recipec plan` can say how many of an LLM step's calls are cached, without calling anything:
the step's stages are replayed against the call cache alone."""
from __future__ import annotations

from recipec.compiler import compile
from recipec.runtime.build.status import StatusResolver
from recipec.runtime.cache.workdir import Workdir
from recipec.runtime.steps.llm_steps import plan_call_counts
from tests.runtime.steps.test_instruction_synthesis import ANSWERS, _data, _recipe
from tests.runtime.steps.step_helpers import build

STEP = "instruction_synthesis.inst"


def _counts(folder):
    plan = compile(str(folder / "r.recipe")).plan
    resolver = StatusResolver(plan, Workdir(folder / "work"), folder)
    resolver.all()
    return plan_call_counts(plan, Workdir(folder / "work"), folder, resolver.known)


def test_cached_calls_are_counted_before_a_build(tmp_path, recorded, tiny_model):
    server = recorded(ANSWERS)
    _data(tmp_path)
    (tmp_path / "r.recipe").write_text(_recipe(server, tiny_model, "[python]"))
    assert STEP not in _counts(tmp_path)  # its input, the snippets, are not built yet

    build(tmp_path, _recipe(server, tiny_model, "[python]"), )
    asked = len(server.requests)
    assert _counts(tmp_path)[STEP] == {"cached": 4, "missing": 0, "exact": True}

    # a new language: the instructions and universal code are cached, one solution is not
    (tmp_path / "r.recipe").write_text(_recipe(server, tiny_model, "[python, javascript]"))
    assert _counts(tmp_path)[STEP] == {"cached": 4, "missing": 1, "exact": False}
    assert len(server.requests) == asked  # counting made no call
