"""What the LLM steps share, one module per topic:

- `model.py`: the model of an `llm` block behind the workdir's call cache (`StepLLM`);
- `prompt.py`: prompts of the plan rendered as chat requests (`Prompt`);
- `rows.py`: rows read from input steps and written to `data/` and `dropped/` (`Outputs`);
- `step.py`: the `LLMStep` base class, and `planned_calls` / `plan_call_counts` for
  `recipec plan` (how many calls are cached, found without calling anything).
"""
from recipec.runtime.steps.llm_steps.model import (CALL_CACHE, CallCount, StepLLM,
                                                   call_cache_path)
from recipec.runtime.steps.llm_steps.prompt import Prompt
from recipec.runtime.steps.llm_steps.rows import (Outputs, RowWriter, answer_of, chunks, code_from,
                                                  read_rows)
from recipec.runtime.steps.llm_steps.step import LLMStep, plan_call_counts, planned_calls

__all__ = ["CALL_CACHE", "CallCount", "LLMStep", "Outputs", "Prompt", "RowWriter", "StepLLM",
           "answer_of", "call_cache_path", "chunks", "code_from", "plan_call_counts",
           "planned_calls", "read_rows"]
