"""One self-contained HTML page per build: funnels, drop reasons, languages, mixtures, dedup
clusters. No network and no JavaScript library: plots are inline SVG, so the page renders the
same in any browser, offline."""
from __future__ import annotations

import datetime
import html

from recipec.runtime.report.charts import bar_chart, grouped_bar_chart
from recipec.runtime.report.facts import BuildFacts

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #222; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 1em 0; }
td, th { padding: .25em .7em; border-bottom: 1px solid #eee; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: #888; } .plot { margin: 1em 0 2em; }
figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: .3em; }
"""


def _e(value) -> str:
    return html.escape(str(value))


def _n(value) -> str:
    return f"{value:,}" if isinstance(value, int) else (f"{value:,.2f}" if isinstance(value, float)
                                                       else _e(value))


def _table(headers: list[str], rows: list[list], numeric: set[int] = frozenset()) -> str:
    head = "".join(f"<th class='{'n' if i in numeric else ''}'>{_e(h)}</th>"
                   for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f"<td class='{'n' if i in numeric else ''}'>{_n(c)}</td>"
                                    for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def render(plan, manifests: dict[str, dict], seconds: dict[str, float]) -> str:
    facts = BuildFacts(plan, manifests)
    parts = [f"<h1>Build report: {_e(plan.recipe.root)}</h1>",
             f"<p class='muted'>seed {plan.recipe.seed}, {plan.recipe.tasks} task(s) per data "
             f"step, {len(seconds)} step(s) ran, {len(manifests) - len(seconds)} cached; "
             f"generated {datetime.datetime.now().isoformat(timespec='seconds')}</p>"]
    parts += _steps(plan, manifests, seconds)
    parts += _funnels(facts)
    parts += _reasons(facts)
    parts += _languages(facts)
    parts += _mixtures(facts)
    parts += _dedup(facts)
    parts += _optional_sections(facts)
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>recipec: {_e(plan.recipe.root)}</title><style>{STYLE}</style></head><body>"
            + "\n".join(parts) + "</body></html>\n")


def _optional_sections(facts: BuildFacts) -> list[str]:
    """Sections of the LLM stages and of training, when the build has such steps."""
    from recipec.runtime.report import llm_sections

    parts = llm_sections.sections(facts)
    try:
        from recipec.runtime.report import training_sections
    except ImportError:  # pragma: no cover - the training sections are optional
        return parts
    return parts + training_sections.sections(facts)


def _steps(plan, manifests, seconds) -> list[str]:
    rows = []
    for step in plan.steps:
        counts = manifests.get(step.id, {}).get("counts", {})
        rows.append([step.id, step.kind, "ran" if step.id in seconds else
                     ("cached" if step.id in manifests else "not built"),
                     counts.get("docs_in", ""), counts.get("docs_out", ""),
                     counts.get("tokens", ""),
                     f"{seconds[step.id]:.1f}" if step.id in seconds else ""])
    return ["<h2>Steps</h2>", _table(["step", "kind", "state", "docs in", "docs out", "tokens",
                                      "seconds"], rows, {3, 4, 5, 6})]


def _funnels(facts: BuildFacts) -> list[str]:
    out = ["<h2>Funnels</h2>"]
    for block, steps in facts.pipelines().items():
        items = [(f"{steps[0][0]} (in)", steps[0][1]["docs_in"])]
        items += [(step_id.split("/", 1)[1], counts["docs_out"]) for step_id, counts in steps]
        out.append(bar_chart(f"{block}: documents after each step", items, "docs"))
    return out if len(out) > 1 else []


def _reasons(facts: BuildFacts) -> list[str]:
    rows = [[step_id, reason.split("_", 1)[1], count, kind]
            for step_id, reasons in facts.reasons().items()
            for (reason, count), kind in ((r, r[0].split("_", 1)[0]) for r in reasons.items())]
    if not rows:
        return []
    return ["<h2>Drop reasons</h2>", _table(["step", "reason", "documents", "how"], rows, {2})]


def _languages(facts: BuildFacts) -> list[str]:
    out = []
    for title, histogram in facts.languages():
        items = sorted(histogram.items(), key=lambda kv: (-kv[1], kv[0]))[:30]
        out.append(bar_chart(title, items, "docs"))
    return ["<h2>Languages</h2>"] + out if out else []


def _mixtures(facts: BuildFacts) -> list[str]:
    out = []
    for mixture_id, counts in facts.mixtures():
        components = counts.get("components", {})
        if not components:
            continue
        labels = list(components)
        target = [components[c].get("target_share", 0) * 100 for c in labels]
        realised = [components[c].get("share", 0) * 100 for c in labels]
        out.append(grouped_bar_chart(f"{mixture_id}: target vs realised share of tokens (%)",
                                     labels, {"target": target, "realised": realised}, "%"))
        rows = [[c, components[c].get("tokens", 0), components[c].get("target_tokens", 0),
                 components[c].get("epochs", 0.0), components[c].get("documents", 0)]
                for c in labels]
        out.append(_table(["component", "tokens", "target tokens", "epochs", "documents"], rows,
                          {1, 2, 3, 4}))
        out.append(f"<p>{_n(counts.get('tokens', 0))} tokens in "
                   f"{_n(counts.get('sequences', 0))} sequences of {_n(counts.get('seq_len', 0))}"
                   f"; held out: {_n(counts.get('held_out_documents', 0))} documents.</p>")
    return ["<h2>Mixtures</h2>"] + out if out else []


def _dedup(facts: BuildFacts) -> list[str]:
    out = []
    for step_id, sizes in facts.cluster_sizes():
        histogram = sizes.get("histogram", {})
        items = sorted(((f"size {k}", v) for k, v in histogram.items()),
                       key=lambda kv: int(kv[0].split()[1]))
        if items:
            out.append(bar_chart(f"{step_id}: near-duplicate clusters by size", items,
                                 "clusters"))
        out.append(f"<p>{_n(sizes.get('clusters', 0))} clusters holding "
                   f"{_n(sizes.get('documents_in_clusters', 0))} documents; "
                   f"{_n(sizes.get('to_remove', 0))} removed; largest "
                   f"{_n(sizes.get('largest', 0))}.</p>")
    return ["<h2>Near-duplicates</h2>"] + out if out else []
