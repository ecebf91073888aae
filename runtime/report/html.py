"""One self-contained HTML page per build (no network: plots are inline SVG)."""
from __future__ import annotations

import html


def render(plan, manifests: dict[str, dict], seconds: dict[str, float]) -> str:
    rows = []
    for step in plan.steps:
        manifest = manifests.get(step.id)
        counts = (manifest or {}).get("counts", {})
        rows.append(f"<tr><td>{html.escape(step.id)}</td><td>{html.escape(step.kind)}</td>"
                    f"<td>{counts.get('docs_in', '')}</td><td>{counts.get('docs_out', '')}</td>"
                    f"<td>{seconds.get(step.id, 0):.1f}</td></tr>")
    return ("<!doctype html><html><head><meta charset='utf-8'><title>recipec build</title></head>"
            "<body><h1>Build of " + html.escape(plan.recipe.root) + "</h1><table>"
            "<tr><th>step</th><th>kind</th><th>in</th><th>out</th><th>s</th></tr>"
            + "".join(rows) + "</table></body></html>")
