"""The build report's sections on LLM steps: calls made vs cached with tokens and cost, parse
failures, tag coverage per language per round, checklist scores, sandbox outcomes, and scores
joined with sandbox outcomes. Everything comes from the steps' manifest counts.

    from recipec.runtime.report.llm_sections import sections
    parts += sections(facts)          # a list of HTML strings (h2, tables, inline SVG plots)
"""
from __future__ import annotations

import html

from recipec.runtime.report.charts import PALETTE, bar_chart, grouped_bar_chart



def sections(facts) -> list[str]:
    steps = [(step.id, step.kind, facts.counts(step.id)) for step in facts.plan.steps]
    steps = [(i, k, c) for i, k, c in steps if c]
    parts: list[str] = []
    for render in (_usage, _parse_failures, _coverage, _scores, _verification, _joined):
        parts += render(steps)
    return parts


def _e(value) -> str:
    return html.escape(str(value))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else _e(value)


def table(headers: list[str], rows: list[list], numeric: set[int] = frozenset()) -> str:
    def cells(tag, values):
        return "".join(f"<{tag} class='{'n' if i in numeric else ''}'>"
                       f"{_cell(v) if tag == 'td' else _e(v)}</{tag}>" for i, v in enumerate(values))

    return ("<table><tr>" + cells("th", headers) + "</tr>" +
            "".join("<tr>" + cells("td", row) + "</tr>" for row in rows) + "</table>")


def _usage(steps) -> list[str]:
    rows, tokens = [], []
    for step_id, _, counts in steps:
        for role, usage in (counts.get("llm") or {}).items():
            prompt = usage.get("total_prompt_tokens", 0)
            completion = usage.get("total_completion_tokens", 0)
            rows.append([step_id, role, usage.get("model", ""), usage.get("calls_made", 0),
                         usage.get("calls_cached", 0), usage.get("retries", 0), prompt,
                         completion, usage.get("cost_usd"), usage.get("saved_cost_usd")])
            tokens.append((f"{step_id} ({role})", prompt + completion))
    if not rows:
        return []
    made = sum(r[3] for r in rows)
    cached = sum(r[4] for r in rows)
    return ["<h2>LLM calls</h2>",
            f"<p>{made:,} calls made and {cached:,} read from the call cache when each step last "
            "ran (a call is one sample). Tokens count every answer the step used, cached or not; "
            "cost is what the calls made cost, saved what the cache spared (with a "
            "`price` on the llm block).</p>",
            table(["step", "role", "model", "calls made", "cached", "retries", "prompt tokens",
                   "completion tokens", "cost $", "saved $"], rows, {3, 4, 5, 6, 7, 8, 9}),
            bar_chart("tokens per LLM step (prompt + completion)", tokens, "tokens")]


def _parse_failures(steps) -> list[str]:
    rows = []
    for step_id, _, counts in steps:
        for stage, parse in (counts.get("parse") or {}).items():
            reasons = ", ".join(f"{r} {n}" for r, n in parse.get("by_reason", {}).items())
            rows.append([step_id, stage, parse.get("parsed", 0), parse.get("failed", 0),
                         reasons])
    if not rows:
        return []
    return ["<h2>Parse failures</h2>",
            "<p>Answers that could not be parsed (no code block in the language, invalid JSON, "
            "a missing or out-of-range score), by stage and reason.</p>",
            table(["step", "stage", "parsed", "failed", "reasons"], rows, {2, 3})]


def _chosen_rounds(rounds: list[dict], most: int = len(PALETTE)) -> list[dict]:
    """At most `most` rounds for a plot: the first, the last, and evenly spaced between."""
    if len(rounds) <= most:
        return rounds
    picks = sorted({round(i * (len(rounds) - 1) / (most - 1)) for i in range(most)})
    return [rounds[i] for i in picks]


def _coverage(steps) -> list[str]:
    out = []
    for step_id, kind, counts in steps:
        rounds = counts.get("rounds") if kind == "multi_agent" else None
        if not rounds:
            continue
        languages = list(rounds[0]["coverage"])
        series = {f"round {r['round']}": [100 * r["coverage"][lang] for lang in languages]
                  for r in _chosen_rounds(rounds)}
        out.append(grouped_bar_chart(f"{step_id}: tags covered per language (%)", languages,
                                     series, "%"))
        rows = [[r["round"], r["asked"], r["accepted"],
                 *(f"{100 * r['coverage'][lang]:.0f}%" for lang in languages)] for r in rounds]
        out.append(table(["round", "asked", "accepted", *languages], rows, {0, 1, 2}))
        out.append(f"<p>Stopped: {_e(counts.get('stopped', ''))}; "
                   f"{counts.get('accepted', 0):,} of {counts.get('asked', 0):,} samples "
                   "accepted.</p>")
    return ["<h2>Tag coverage</h2>"] + out if out else []


def _scores(steps) -> list[str]:
    out = []
    for step_id, _, counts in steps:
        scores = counts.get("scores")
        if not scores or not scores.get("scored") and not scores.get("unscored"):
            continue
        histogram = [(f"{k} to {int(k) + 1}" if int(k) < scores["scale"] else k, n)
                     for k, n in scores.get("histogram", {}).items()]
        out.append(bar_chart(f"{step_id}: checklist scores (0-{scores['scale']})", histogram,
                             "rows"))
        means = [[name, mean] for name, mean in scores.get("item_means", {}).items()]
        out.append(f"<p>{scores['scored']:,} rows scored, mean {_cell(scores.get('mean'))}; "
                   f"{scores['unscored']:,} unscored.</p>")
        if means:
            out.append(table(["checklist item", "mean score"], means, {1}))
    return ["<h2>Checklist scores</h2>"] + out if out else []


def _verification(steps) -> list[str]:
    out = []
    for step_id, _, counts in steps:
        report = counts.get("verification")
        if not report or not report.get("total"):
            continue
        statuses = list(report.get("by_status", {}))
        rows = [[language, entry["total"], *(entry["by_status"].get(s, 0) for s in statuses),
                 f"{100 * entry['pass_rate']:.1f}%", f"{entry['tests_passed']}/"
                 f"{entry['tests_total']}"]
                for language, entry in sorted(report["by_language"].items())]
        rows.append(["all", report["total"], *(report["by_status"][s] for s in statuses),
                     f"{100 * report['pass_rate']:.1f}%",
                     f"{report['tests_passed']}/{report['tests_total']}"])
        out.append(f"<h3>{_e(step_id)}</h3>")
        out.append(table(["language", "runs", *statuses, "pass rate", "tests passed"], rows,
                         set(range(1, len(statuses) + 2))))
    return ["<h2>Sandbox outcomes</h2>"] + out if out else []


def _joined(steps) -> list[str]:
    rows = []
    for step_id, _, counts in steps:
        joined = counts.get("score_by_status") or (counts.get("scores") or {}).get(
            "score_by_status") or {}
        for status, entry in joined.items():
            rows.append([step_id, status, entry["rows"], entry["mean_score"]])
    if not rows:
        return []
    return ["<h2>Scores and sandbox outcomes</h2>",
            "<p>Mean checklist score of the rows with each sandbox status, where rows were both "
            "scored and verified.</p>",
            table(["step", "sandbox status", "rows", "mean score"], rows, {2, 3})]
