"""What a person sees while building: one line per step (cached / ran, with counts), a progress
bar for the step that runs, and a final table."""
from __future__ import annotations

import sys

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

# Piped output (CI logs, `| less`) gets wide tables instead of 80-column wrapping.
console = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200)


def _counts(manifest: dict | None) -> str:
    counts = (manifest or {}).get("counts", {})
    if "docs_in" in counts:
        return f"{counts['docs_in']:,} -> {counts['docs_out']:,} docs"
    if "tokens" in counts:
        return f"{counts['tokens']:,} tokens"
    return ""


class BuildProgress:
    def __init__(self, plan):
        self.total = len(plan.steps)
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                                 transient=True, disable=not console.is_terminal)
        self.overall = None
        self.current = None

    def __enter__(self):
        self.progress.start()
        self.overall = self.progress.add_task("build", total=self.total)
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        self.progress.stop()

    def event(self, kind: str, status, *args):
        step = status.step
        if kind == "cached":
            console.print(f"[dim]  cached  {step.id}[/dim]", highlight=False)
            self.progress.advance(self.overall)
        elif kind == "start":
            why = "; ".join(status.reasons[:2])
            console.print(f"[bold]  run     {step.id}[/bold] [dim]({why})[/dim]", highlight=False)
            self.current = self.progress.add_task(f"  {step.id}", total=None)
        elif kind == "progress":
            done, total, what = args
            self.progress.update(self.current, completed=done, total=total)
        elif kind == "done":
            (seconds,) = args
            if self.current is not None:
                self.progress.remove_task(self.current)
                self.current = None
            console.print(f"  [green]done[/green]    {step.id} [dim]{_counts(status.manifest)} "
                          f"in {seconds:.1f}s[/dim]", highlight=False)
            self.progress.advance(self.overall)


def print_status(statuses, calls: dict | None = None) -> None:
    """One line per step: its state and why; for LLM steps, how many calls are cached."""
    width = max((len(s.step.id) for s in statuses), default=0)
    runs = 0
    for status in statuses:
        state = status.state
        runs += state != "cached"
        reason = "; ".join(status.reasons)
        known = (calls or {}).get(status.step.id)
        if known and state != "cached":
            exact = "" if known.get("exact", True) else " so far"
            reason += f"; LLM calls: {known['cached']:,} cached, {known['missing']:,} to make{exact}"
        line = f"{status.step.id:<{width}}  {state:<10} {reason}"
        console.print(line if state != "cached" else f"[dim]{line}[/dim]", highlight=False)
    if runs == 0:
        console.print(f"nothing to do: all {len(statuses)} steps are cached")
    else:
        console.print(f"{runs} of {len(statuses)} steps will run or wait on one that runs")


def summary_table(result) -> None:
    if not result.ran:
        console.print(f"nothing to do: all {len(result.statuses)} steps are cached")
        return
    table = Table(title="build", show_lines=False)
    for column in ("step", "state", "in", "out", "top reasons", "seconds"):
        table.add_column(column, justify="right" if column in ("in", "out", "seconds")
                         else "left")
    for status in result.statuses:
        counts = (status.manifest or {}).get("counts", {})
        reasons = counts.get("reasons", {})
        top = ", ".join(f"{k.split('_', 1)[1]} {v:,}" for k, v in
                        sorted(reasons.items(), key=lambda kv: -kv[1])[:2])
        ran = status.step.id in result.ran
        table.add_row(status.step.id, "ran" if ran else "cached",
                      f"{counts['docs_in']:,}" if "docs_in" in counts else "",
                      f"{counts['docs_out']:,}" if "docs_out" in counts else
                      (f"{counts['tokens']:,} tok" if "tokens" in counts else ""),
                      top, f"{result.seconds.get(status.step.id, 0):.1f}" if ran else "")
    console.print(table)
    if not sys.stdout.isatty():
        console.print(f"{len(result.ran)} ran, {len(result.statuses) - len(result.ran)} cached")
