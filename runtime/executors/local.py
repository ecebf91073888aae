"""datatrove's LocalPipelineExecutor: ranks as local processes, `workers` at a time.

Each stage gets its own logging folder under the step's key, so datatrove's completion markers
make a re-run after a crash skip the ranks that finished. A worker process costs seconds to start
(it imports datatrove and the step's libraries), so a stage whose input is small runs its ranks
one after the other in this process; the ranks, and so the outputs, are the same either way.
"""
from __future__ import annotations

import json
from pathlib import Path

from recipec.runtime.executors.base import Executor, Stage


# Below this much input a stage runs in-process: starting workers would cost more than it saves.
PARALLEL_MIN_BYTES = 64 * 2**20


class LocalExecutor(Executor):
    def __init__(self, workers: int = 1, parallel_min_bytes: int = PARALLEL_MIN_BYTES):
        self.workers = max(1, workers)
        self.parallel_min_bytes = parallel_min_bytes

    def run(self, stages: list[Stage], logging_dir: Path) -> dict[str, dict]:
        from datatrove.executor import LocalPipelineExecutor

        from recipec.runtime.executors.quiet import stderr_to

        results = {}
        for stage in stages:
            stage_logs = logging_dir / stage.name
            workers = min(self.workers, stage.tasks) \
                if stage.input_bytes >= self.parallel_min_bytes else 1
            executor = LocalPipelineExecutor(
                pipeline=stage.pipeline, tasks=stage.tasks, workers=workers,
                logging_dir=str(stage_logs), skip_completed=True)
            with stderr_to(logging_dir / "datatrove.log"):
                executor.run()
            results[stage.name] = merged_stats(stage_logs)
        return results


def merged_stats(stage_logs: Path) -> dict:
    """datatrove's per-rank stats files, merged (its own `stats.json` only exists when every
    rank ran in this process)."""
    from datatrove.utils.stats import PipelineStats

    total = None
    for path in sorted((stage_logs / "stats").glob("*.json")):
        stats = PipelineStats.from_json(json.loads(path.read_text()))
        total = stats if total is None else total + stats
    if total is None:
        return {}
    # Keyed by position too: two readers of one pipeline share a name.
    return {f"{index}:{stat.name}": stat.to_dict() for index, stat in enumerate(total.stats)}
