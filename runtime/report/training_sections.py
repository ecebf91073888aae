"""Report sections for training: per phase, the loss curve and the learning rate (from the
curve kept in the phase's manifest) and a summary table; per evaluation, held-out loss and
perplexity per component, HumanEval pass@k and FIM exact match. Read from manifests only."""
from __future__ import annotations

import html

from recipec.runtime.report.charts import bar_chart, line_chart


def _table(headers: list[str], rows: list[list]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(c))}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}"
    if isinstance(value, int):
        return f"{value:,}"
    return "" if value is None else str(value)


def _steps(facts, kind: str) -> list[tuple[str, dict]]:
    return [(step.id, facts.counts(step.id)) for step in facts.plan.steps
            if step.kind == kind and facts.counts(step.id)]


def phase_sections(facts) -> list[str]:
    phases = _steps(facts, "phase")
    if not phases:
        return []
    out = ["<h2>Training</h2>"]
    rows = []
    for step_id, counts in phases:
        rope = counts.get("rope") or {}
        yarn = f"YaRN x{rope['yarn_factor']:g} from {rope['original_max']:,}" \
            if rope.get("yarn_factor") else ""
        rows.append([step_id, counts.get("objective"), counts.get("steps"), counts.get("tokens"),
                     counts.get("loss_first"), counts.get("loss_final"),
                     f"{counts.get('processes')} x {counts.get('micro_batch')} x "
                     f"{counts.get('grad_accum')}", counts.get("seq_len"),
                     f"{rope.get('theta', 0):,.0f} {yarn}".strip()])
    out.append(_table(["phase", "objective", "steps", "tokens", "first loss", "final loss",
                       "procs x micro x accum", "seq len", "RoPE base"], rows))
    for step_id, counts in phases:
        curve = counts.get("curve") or {}
        if curve.get("step"):
            out.append(line_chart(f"{step_id}: training loss", {
                "loss": list(zip(curve["step"], curve["loss"]))}, "step", "loss"))
            out.append(line_chart(f"{step_id}: learning rate", {
                "lr": list(zip(curve["step"], curve["lr"]))}, "step", "learning rate"))
    return out


def evaluation_sections(facts) -> list[str]:
    evaluations = _steps(facts, "evaluate")
    out = ["<h2>Evaluation</h2>"] if evaluations else []
    for step_id, counts in evaluations:
        held = counts.get("held_out") or {}
        if held:
            out.append(bar_chart(f"{step_id}: held-out loss per component",
                                 [(name, v["loss"]) for name, v in held.items()], "nats/token"))
            out.append(_table(["held-out set", "loss", "perplexity"],
                              [[name, v["loss"], v["perplexity"]] for name, v in held.items()]))
        rows = [[f"HumanEval {k} ({counts['humaneval'].get('problems')} problems)", v]
                for k, v in (counts.get("humaneval") or {}).items() if k.startswith("pass@")]
        fim = counts.get("fim") or {}
        if fim.get("samples"):
            rows.append([f"FIM exact match ({fim['samples']} held-out samples)",
                         fim["exact_match"]])
        if rows:
            out.append(_table([f"{step_id}", "score"], rows))
    return out


def sections(facts) -> list[str]:
    """HTML fragments for the build report, in order; empty when nothing was trained."""
    return phase_sections(facts) + evaluation_sections(facts)
