"""`instruction_synthesis`: snippet -> instruction -> universal code -> a solution per language.

The route of the Qwen2.5-Coder report: an instruction written from a GitHub snippet, a
language-agnostic "universal code" answer, then a solution in each target language from the
(instruction, universal code) pair. `order = universal_code_first` takes the second route, for
diversity: snippet -> universal code -> the instruction it answers. Prompts are rendered with
exactly the variables the compiler checks (compiler/passes/domain/check_prompts.py):

    instruction      snippet, language                 (universal_code_first: + universal_code)
    universal_code   instruction, snippet, language    (universal_code_first: snippet, language)
    solution         instruction, universal_code, language

`language` is the snippet's in the first two stages and the target language in the third. The
instruction and universal-code stages ask for one answer; the solution stage for `n` (the
sampling's), each its own row. A stage's answers are one batched call per chunk of rows.
"""
from __future__ import annotations

from recipec.runtime.steps.base import StepContext, StepError, register
from recipec.runtime.steps.llm_steps import (LLMStep, Outputs, Prompt, StepLLM, chunks,
                                             code_from)

PSEUDOCODE = "pseudocode"


@register
class InstructionSynthesis(LLMStep):
    kind = "instruction_synthesis"

    def llms(self, ctx, dry_run):
        return {"llm": StepLLM(ctx, ctx.params["llm"], sampling=ctx.params["sampling"],
                               dry_run=dry_run)}

    def transform(self, ctx: StepContext, llms, out: Outputs | None) -> dict:
        from recipec.runtime.llm.parsing import ParseFailures

        params = ctx.params
        first = params["order"] == "universal_code_first"
        if first and not params["universal_code"]:
            raise StepError("order = universal_code_first needs a `universal_code` prompt",
                            "add `universal_code = <prompt>` or use order = instruction_first")
        stage = _Stages(ctx, llms["llm"], params)
        failures = {name: ParseFailures() for name in ("instruction", "universal_code",
                                                       "solution")}
        for chunk in chunks(self.input_rows(ctx)):
            if out is not None:
                out.docs_in += len(chunk)
            rows = [{"snippet": doc, "language": doc["metadata"].get("language", ""),
                     "universal_code": ""} for doc in chunk]
            if first:
                rows = stage.universal_code(rows, failures["universal_code"], out, first=True)
                rows = stage.instruction(rows, failures["instruction"], out,
                                         after_universal_code=True)
            else:
                rows = stage.instruction(rows, failures["instruction"], out)
                if params["universal_code"]:
                    rows = stage.universal_code(rows, failures["universal_code"], out)
            stage.solutions(rows, failures["solution"], out)
            if ctx.progress and out is not None:
                ctx.progress(out.docs_in, None, "snippets")
        return {"parse": {name: f.to_dict() for name, f in failures.items()
                          if f.parsed or f.failed},
                "languages": params["languages"]}


class _Stages:
    def __init__(self, ctx: StepContext, llm: StepLLM, params: dict):
        self.step_id = ctx.step.id
        self.llm = llm
        self.require_block = params.get("require_code_block", True)
        self.languages = params["languages"]
        self.prompts = {name: Prompt.of(params[name]) for name in
                        ("instruction", "universal_code", "solution") if params[name]}

    def _ask(self, name: str, variables: list[dict], n: int = 1):
        prompt = self.prompts[name]
        answers = self.llm.generate([prompt.request(**v) for v in variables], self.llm.params(n=n))
        return answers, prompt.provenance(self.llm, self.step_id)

    def instruction(self, rows, failures, out, after_universal_code: bool = False):
        from recipec.runtime.llm.parsing import Parsed

        variables = [{"snippet": row["snippet"]["text"], "language": row["language"],
                      **({"universal_code": row["universal_code"]} if after_universal_code
                         else {})} for row in rows]
        answers, provenance = self._ask("instruction", variables)
        kept = []
        for row, (answer,) in zip(rows, answers):
            text = answer.text.strip()
            failures.record(Parsed(text) if text else Parsed.fail("empty_text"))
            if not text:
                _drop(out, row, answer.text, "instruction_empty_text")
                continue
            kept.append({**row, "instruction": text,
                         "provenance": {**row.get("provenance", {}), "instruction": provenance}})
        return kept

    def universal_code(self, rows, failures, out, first: bool = False):
        variables = [{"snippet": row["snippet"]["text"], "language": row["language"],
                      **({} if first else {"instruction": row["instruction"]})} for row in rows]
        answers, provenance = self._ask("universal_code", variables)
        kept = []
        for row, (answer,) in zip(rows, answers):
            parsed = failures.record(pseudocode(answer.text, self.require_block))
            if not parsed.ok:
                _drop(out, row, answer.text, f"universal_code_{parsed.failure}")
                continue
            kept.append({**row, "universal_code": parsed.value,
                         "provenance": {**row.get("provenance", {}),
                                        "universal_code": provenance}})
        return kept

    def solutions(self, rows, failures, out) -> None:
        pairs = [(row, language) for row in rows for language in self.languages]
        n = self.llm.sampling.n
        answers, provenance = self._ask("solution", [
            {"instruction": row["instruction"], "universal_code": row["universal_code"],
             "language": language} for row, language in pairs], n=n)
        for (row, language), samples in zip(pairs, answers):
            for answer in samples:
                parsed = code_from(answer.text, language, failures,
                                   require_block=self.require_block)
                doc = _solution_doc(row, language, answer, parsed.value, n,
                                    {**row.get("provenance", {}), "solution": provenance})
                if out is None:
                    continue
                if parsed.value is None:
                    out.drop(doc, f"solution_{parsed.failure}")
                else:
                    out.keep(doc)


def pseudocode(answer: str, require_block: bool):
    """The universal code of an answer: its longest `pseudocode` block, else its longest closed
    block of any tag; without one, the whole answer unless a block is required."""
    from recipec.runtime.llm.parsing import Parsed, find_code_blocks

    blocks = [b for b in find_code_blocks(answer) if b.closed and b.code.strip()]
    tagged = [b for b in blocks if b.language == PSEUDOCODE]
    if tagged or blocks:
        return Parsed(max(tagged or blocks, key=lambda b: len(b.code)).code)
    if not require_block and answer.strip():
        return Parsed(answer.strip())
    return Parsed.fail("no_code_block")


def _solution_doc(row, language, answer, code, n, provenance) -> dict:
    snippet = row["snippet"]
    suffix = f"/{language}" + (f"/{answer.index}" if n > 1 else "")
    return {"text": code if code is not None else answer.text,
            "id": f"{snippet.get('id', '')}{suffix}",
            "metadata": {"instruction": row["instruction"], "language": language,
                         "universal_code": row["universal_code"], "response": answer.text,
                         "snippet_id": snippet.get("id", ""),
                         "snippet_language": row["language"], "sample": answer.index,
                         "provenance": provenance, "answered_by": "solution"}}


def _drop(out: Outputs | None, row: dict, answer: str, reason: str) -> None:
    if out is not None:
        snippet = row["snippet"]
        out.drop({"text": answer, "id": snippet.get("id", ""),
                  "metadata": {"language": row["language"],
                               "instruction": row.get("instruction", "")}}, reason)
