"""`recipec graph`: the DAG of steps as Graphviz DOT or Mermaid."""
from __future__ import annotations

import click

from recipec.runtime.cli.common import compile_or_exit, params_option, recipe_argument


@click.command("graph")
@recipe_argument
@params_option
@click.option("--format", "graph_format", type=click.Choice(["dot", "mermaid"]), default="dot",
              show_default=True)
def graph(recipe: str, params: tuple[str, ...], graph_format: str) -> None:
    """Print the step graph (DOT or Mermaid)."""
    plan = compile_or_exit(recipe, params).plan
    click.echo(to_dot(plan) if graph_format == "dot" else to_mermaid(plan))


def to_dot(plan) -> str:
    lines = ["digraph recipe {", "  rankdir=LR;", '  node [shape=box, fontname="monospace"];']
    for step in plan.steps:
        lines.append(f'  "{step.id}" [label="{step.id}\\n{step.kind}"];')
    for step in plan.steps:
        lines += [f'  "{source}" -> "{step.id}";' for source in step.inputs]
    return "\n".join(lines + ["}"])


def to_mermaid(plan) -> str:
    names = {step.id: f"s{i}" for i, step in enumerate(plan.steps)}
    lines = ["flowchart LR"]
    for step in plan.steps:
        lines.append(f'  {names[step.id]}["{step.id}<br/>{step.kind}"]')
    for step in plan.steps:
        lines += [f"  {names[source]} --> {names[step.id]}" for source in step.inputs]
    return "\n".join(lines)
