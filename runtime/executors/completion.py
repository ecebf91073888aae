"""Did every rank of a stage finish? Cluster executors answer from datatrove's own markers.

datatrove writes `completions/<rank>` in a stage's logging folder after a rank's last document,
and `logs/task_<rank>.log` while it runs. Ray's executor only logs a warning when some ranks
failed, and a Slurm job's exit code is not the pipeline's, so after a stage the markers are the
truth: a rank without one did not finish, and the build stops with that rank's last error.
"""
from __future__ import annotations

from pathlib import Path

from recipec.runtime.steps.base import StepError


class StageIncomplete(StepError):
    """The step's error: one line naming the stage, the ranks and the cause (no traceback)."""


def unfinished_ranks(stage_logs: Path, tasks: int) -> list[int]:
    done = {p.name for p in (stage_logs / "completions").glob("*")}
    return [rank for rank in range(tasks) if f"{rank:05d}" not in done]


def last_error(stage_logs: Path, rank: int) -> str:
    """The last line of a rank's log that names an error, else its last line. A task that
    died before datatrove started logging (an import error, say) has only its Slurm output."""
    logs = [stage_logs / "logs" / f"task_{rank:05d}.log",
            *sorted((stage_logs / "slurm_logs").glob(f"*_{rank}.out"))]
    for log in logs:
        try:
            lines = [line.strip() for line in log.read_text(errors="replace").splitlines()
                     if line.strip()]
        except OSError:
            continue
        return _error_line(lines)
    return "no log was written (the task never started)"


def _error_line(lines: list[str]) -> str:
    for line in reversed(lines):
        if "Error" in line or "Exception" in line:
            return line[-300:]
    return lines[-1][-300:] if lines else "its log is empty"


def check_complete(stage_name: str, stage_logs: Path, tasks: int, where: str) -> None:
    """Raise StageIncomplete unless every rank of the stage left its completion marker."""
    missing = unfinished_ranks(stage_logs, tasks)
    if not missing:
        return
    ranks = ", ".join(map(str, missing[:5])) + (" ..." if len(missing) > 5 else "")
    raise StageIncomplete(
        f"stage `{stage_name}`: {len(missing)} of {tasks} tasks did not finish on {where} "
        f"(ranks {ranks}): {last_error(stage_logs, missing[0])}",
        f"task logs are in {stage_logs / 'logs'}; a re-run resumes the unfinished ranks")
