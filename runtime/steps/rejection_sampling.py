"""`rejection_sampling`: n candidate answers per instruction; the best one is kept.

Candidates are the row's own answer (when it has code) and `n` new samples of the prompt, which
is rendered with `instruction` and `language`. They are ranked

- by checklist score (`rank_by = score`): the judge scores every candidate (the row's own answer
  asks the judge exactly what an upstream `score` step with the same judge asked, so that call
  is served from the cache);
- or by sandbox pass rate (`rank_by = pass_rate`): each candidate runs against the row's tests
  with the `verify` block's settings; passed tests / tests (1 or 0 by status when the row has
  no tests).

Ties go to the earlier candidate (the row's own answer, then samples in index order): the same
answers always give the same choice. A candidate whose code cannot be parsed is not ranked; a
row without a candidate is dropped (`no_candidate`), and so is one whose candidates could not be
ranked (`unranked`: the judge's answers did not parse).
"""
from __future__ import annotations

from recipec.runtime.steps.base import StepContext, StepError, register
from recipec.runtime.steps.llm_steps import (LLMStep, Outputs, Prompt, StepLLM, answer_of, chunks,
                                             code_from)
from recipec.runtime.steps.score import ScoreTally, judge_of

STALE = ("scores", "score", "judge", "verification", "sample")


@register
class RejectionSampling(LLMStep):
    kind = "rejection_sampling"

    def llms(self, ctx, dry_run):
        params = ctx.params
        llms = {"llm": StepLLM(ctx, params["llm"], sampling=params["sampling"], dry_run=dry_run)}
        if params["rank_by"] == "score":
            missing = [k for k in ("judge", "checklist", "judge_prompt") if not params[k]]
            if missing:
                raise StepError(f"rank_by = score needs {', '.join(missing)}",
                                "name a judge llm, a checklist and a judge_prompt, or rank by "
                                "pass_rate")
            llms["judge"] = StepLLM(ctx, params["judge"], role="judge", dry_run=dry_run)
        return llms

    def transform(self, ctx: StepContext, llms, out: Outputs | None) -> dict:
        from recipec.runtime.llm.parsing import ParseFailures

        params = ctx.params
        llm = llms["llm"]
        prompt = Prompt.of(params["prompt"])
        provenance = prompt.provenance(llm, ctx.step.id)
        judge = judge_of(ctx, llms["judge"], "judge_prompt", "checklist") \
            if params["rank_by"] == "score" else None
        failures = ParseFailures()
        tally = ScoreTally(judge.checklist) if judge else None
        verify_stats = None
        if params["rank_by"] == "pass_rate" and out is not None:
            from recipec.runtime.sandbox import VerifyStats

            from recipec.runtime.steps.verify import check_isolation

            check_isolation()
            verify_stats = VerifyStats()
        require_block = params.get("require_code_block", True)
        chosen_from = {"input": 0, "sample": 0}
        for chunk in chunks(self.input_rows(ctx), 128):
            answers = llm.generate([prompt.request(
                instruction=doc["metadata"].get("instruction", ""),
                language=doc["metadata"].get("language", "")) for doc in chunk],
                llm.params(n=params["n"]))
            groups = [self._candidates(doc, samples, failures, require_block, provenance)
                      for doc, samples in zip(chunk, answers)]
            if judge is not None:
                flat = [c for group in groups for c in group]
                results = judge.score([(c["metadata"].get("instruction", ""), answer_of(c),
                                        c["metadata"].get("language", "")) for c in flat])
                for candidate, (scores, _) in zip(flat, results):
                    candidate["metadata"]["scores"] = scores
                    candidate["metadata"]["score"] = \
                        judge.checklist.weighted(scores) if scores is not None else None
                    candidate["metadata"]["judge"] = judge.provenance
                    candidate["rank"] = candidate["metadata"]["score"]
            elif verify_stats is not None:
                self._run_tests(groups, params["verify"], verify_stats)
            if out is None:
                continue
            out.docs_in += len(chunk)
            for doc, group in zip(chunk, groups):
                best = best_candidate(group)
                if best is None:
                    out.drop(doc, "unranked" if group else "no_candidate")
                    continue
                chosen_from[best["origin"]] += 1
                summary = [{"candidate": c["origin"] if c["origin"] == "input" else
                            f"sample {c['metadata']['sample']}", "rank": c["rank"]} for c in group]
                best["metadata"]["candidates"] = summary
                best["metadata"]["rank_by"] = params["rank_by"]
                if tally is not None:
                    tally.add(best["metadata"])
                out.keep({k: v for k, v in best.items() if k in ("text", "id", "metadata")})
        counts = {"parse": {"candidates": failures.to_dict()}, "chosen_from": chosen_from}
        if tally is not None:
            counts["scores"] = tally.to_dict()
        if verify_stats is not None:
            counts["verification"] = verify_stats.report()
        return counts

    @staticmethod
    def _candidates(doc, samples, failures, require_block, provenance) -> list[dict]:
        metadata = doc["metadata"]
        language = metadata.get("language", "")
        group = []
        if (doc.get("text") or "").strip():
            group.append({**doc, "metadata": dict(metadata), "origin": "input", "rank": None})
        # A new sample is judged afresh: the input row's scores and verification are not its own.
        inherited = {k: v for k, v in metadata.items() if k not in STALE}
        for answer in samples:
            parsed = code_from(answer.text, language, failures, require_block=require_block)
            if not parsed.ok:
                continue
            group.append({"text": parsed.value, "id": doc.get("id", ""), "origin": "sample",
                          "rank": None,
                          "metadata": {**inherited, "response": answer.text,
                                       "sample": answer.index,
                                       "answered_by": "rejection_sampling",
                                       "provenance": {**metadata.get("provenance", {}),
                                                     "rejection_sampling": provenance}}})
        return group

    @staticmethod
    def _run_tests(groups, verify_params, stats) -> None:
        from recipec.runtime.steps.verify import verify_documents

        flat = [c for group in groups for c in group]
        for candidate, record in zip(flat, verify_documents(flat, verify_params, stats)):
            candidate["metadata"]["verification"] = record
            total = record.get("tests_total") or 0
            candidate["rank"] = record["tests_passed"] / total if total else \
                float(record["status"] == "passed")


def best_candidate(group: list[dict]) -> dict | None:
    """The candidate with the highest rank; ties (and unranked candidates) go to the earliest."""
    best = None
    for candidate in group:
        if candidate["rank"] is None:
            continue
        if best is None or candidate["rank"] > best["rank"]:
            best = candidate
    return best
