"""The build report: what each step did, as a terminal table (cli/progress.py) and an HTML page
with plots (html.py). It reads the manifests' counts and never counts again."""
from __future__ import annotations


def write_report(plan, result, workdir):
    from recipec.runtime.report.html import render

    workdir.reports.mkdir(parents=True, exist_ok=True)
    path = workdir.reports / f"{plan.recipe.root.removesuffix('.recipe')}.html"
    path.write_text(render(plan, result.manifests, result.seconds), encoding="utf-8")
    return path
