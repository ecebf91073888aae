"""The report's LLM sections are built from manifest counts alone."""
from __future__ import annotations

from types import SimpleNamespace

from recipec.runtime.report.facts import BuildFacts
from recipec.runtime.report.llm_sections import sections


def _facts(counts: dict[str, tuple[str, dict]]):
    plan = SimpleNamespace(steps=[SimpleNamespace(id=i, kind=k) for i, (k, _) in counts.items()])
    return BuildFacts(plan, {i: {"counts": c} for i, (_, c) in counts.items()})


USAGE = {"model": "phase.sft", "calls_made": 7, "calls_cached": 5, "retries": 1,
         "total_prompt_tokens": 1200, "total_completion_tokens": 300, "cost_usd": 0.0123,
         "saved_cost_usd": 0.004}


def test_sections_show_calls_parsing_coverage_scores_and_outcomes():
    html = "\n".join(sections(_facts({
        "source.x": ("source", {"docs_in": 3, "docs_out": 3}),
        "multi_agent.m": ("multi_agent", {
            "llm": {"llm": USAGE}, "stopped": "coverage_target", "asked": 8, "accepted": 6,
            "parse": {"solution": {"parsed": 6, "failed": 2, "by_reason": {"no_code_block": 2}}},
            "rounds": [{"round": r, "asked": 2, "accepted": 1,
                        "coverage": {"python": r / 10, "c++": r / 20}} for r in range(1, 7)]}),
        "score.s": ("score", {"llm": {"judge": USAGE}, "scores": {
            "scale": 10, "scored": 2, "unscored": 1, "mean": 6.5,
            "histogram": {str(i): int(i in (5, 8)) for i in range(11)},
            "item_means": {"code_correctness": 7.5},
            "score_by_status": {"passed": {"rows": 1, "mean_score": 8.0}}}}),
        "verify.v": ("verify", {"verification": {
            "total": 3, "passed": 2, "pass_rate": 0.6667, "by_status": {"passed": 2, "failed": 1},
            "by_language": {"python": {"total": 3, "by_status": {"passed": 2, "failed": 1},
                                       "passed": 2, "pass_rate": 0.6667, "tests_total": 4,
                                       "tests_passed": 3}},
            "tests_total": 4, "tests_passed": 3}}),
    })))
    assert "<h2>LLM calls</h2>" in html and "14 calls made and 10 read" in html
    assert "<td class=''>phase.sft</td>" in html and "0.0123" in html
    assert "no_code_block 2" in html
    # six rounds, four plotted (first, last and two between), all six in the table
    assert "round 1" in html and "round 6" in html and html.count("<rect class='bar'") >= 8
    assert "<td class='n'>6</td><td class='n'>2</td><td class='n'>1</td><td class=''>60%</td>" \
        in html
    assert "Stopped: coverage_target" in html
    assert "checklist scores (0-10)" in html and "code_correctness" in html
    assert "<h3>verify.v</h3>" in html and "66.7%" in html and "3/4" in html
    assert "<h2>Scores and sandbox outcomes</h2>" in html


def test_no_llm_steps_no_sections():
    assert sections(_facts({"source.x": ("source", {"docs_in": 1, "docs_out": 1})})) == []
