"""`unit_tests`: tests for each row's solution, in the sandbox's JSON test-case format.

The prompt is rendered with `instruction`, `solution` (the row's code), `language`, `tests` (how
many cases to ask for) and `test_format` (the format's JSON schema, for prompts that show it).
The answer's JSON (a fenced block or bare; a list of cases or `{"cases": [...]}`) is validated
by the sandbox's own parser (runtime/sandbox/testcases.py); what passes goes into
`metadata.tests` as `{"cases": [...]}`. A row whose tests cannot be parsed is kept without tests
and its failure counted: the `verify` step decides what a row without tests is worth
(`require_tests`).
"""
from __future__ import annotations

import json

from recipec.runtime.steps.base import StepContext, register
from recipec.runtime.steps.llm_steps import LLMStep, Outputs, Prompt, StepLLM, chunks

INVALID_TEST_CASES = "invalid_test_cases"
NO_TEST_CASES = "no_test_cases"


def test_format() -> str:
    from recipec.runtime.sandbox.testcases import json_schema

    return json.dumps(json_schema(), indent=1)


def parse_tests(answer: str):
    """Parsed({"cases": [...]}) or a failure: no_json, invalid_json, invalid_test_cases,
    no_test_cases. Fenced JSON blocks come first, whole (a bare list of cases is accepted)."""
    from recipec.runtime.llm.parsing import Parsed, extract_json_object, find_code_blocks
    from recipec.runtime.sandbox.testcases import TestCaseError, parse

    candidates = []
    for block in find_code_blocks(answer):
        if block.closed and block.language in ("json", ""):
            try:
                candidates.append(json.loads(block.code))
            except ValueError:
                continue
    if not candidates:
        found = extract_json_object(answer)
        if not found.ok:
            return found
        candidates.append(found.value)
    try:
        cases = parse(candidates[0])
    except TestCaseError as error:
        return Parsed.fail(INVALID_TEST_CASES, str(error))
    if not cases:
        return Parsed.fail(NO_TEST_CASES)
    return Parsed({"cases": [case.model_dump(exclude_none=True) for case in cases]})


@register
class UnitTests(LLMStep):
    kind = "unit_tests"

    def llms(self, ctx, dry_run):
        return {"llm": StepLLM(ctx, ctx.params["llm"], sampling=ctx.params["sampling"],
                               dry_run=dry_run)}

    def transform(self, ctx: StepContext, llms, out: Outputs | None) -> dict:
        from recipec.runtime.llm.parsing import ParseFailures

        llm = llms["llm"]
        prompt = Prompt.of(ctx.params["prompt"])
        provenance = prompt.provenance(llm, ctx.step.id)
        schema = test_format()
        failures = ParseFailures()
        with_tests = cases = 0
        for chunk in chunks(self.input_rows(ctx)):
            requests = [prompt.request(instruction=doc["metadata"].get("instruction", ""),
                                       solution=doc.get("text", ""),
                                       language=doc["metadata"].get("language", ""),
                                       tests=ctx.params["tests"], test_format=schema)
                        for doc in chunk]
            answers = llm.generate(requests, llm.params(n=1))
            if out is None:
                continue
            out.docs_in += len(chunk)
            for doc, (answer,) in zip(chunk, answers):
                parsed = failures.record(parse_tests(answer.text))
                metadata = {**doc["metadata"], "tests": parsed.value,
                            "tests_response": answer.text,
                            "provenance": {**doc["metadata"].get("provenance", {}),
                                           "unit_tests": provenance}}
                if not parsed.ok:
                    metadata["tests_failure"] = parsed.failure
                else:
                    with_tests += 1
                    cases += len(parsed.value["cases"])
                out.keep({**doc, "metadata": metadata})
            if ctx.progress:
                ctx.progress(out.docs_in, None, "rows")
        return {"parse": {"unit_tests": failures.to_dict()}, "rows_with_tests": with_tests,
                "test_cases": cases}
