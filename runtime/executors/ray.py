"""datatrove's RayPipelineExecutor: a step's ranks as Ray tasks on a running Ray cluster.

Stages are submitted in order (a stage starts when the one before it has finished, as the
builder runs steps in order), each with the plan's number of tasks, so the shards are the
ones the local executor writes, byte for byte. The workdir must be a folder every Ray node
sees at the same path (a shared filesystem), as datatrove's executor expects for its logging
folder.

A task whose worker dies (a killed process, a lost node) is resubmitted by datatrove up to
three times; the rank starts over and rewrites its shard from the beginning, so the result is
the same. A task that raises is not retried: its rank has no completion marker and the build
stops with that rank's error (completion.check_complete).
"""
from __future__ import annotations

import logging
import os
import socket
from pathlib import Path

from recipec.runtime.executors.base import Executor, Stage
from recipec.runtime.executors.profile import RayProfile

# Variables of the build's environment that shape what a task does: Ray workers are started
# by `ray start`, with its environment, so these travel with every task.
FORWARDED_PREFIXES = ("HF_", "TRANSFORMERS_", "TOKENIZERS_", "RECIPEC_")


class RayExecutor(Executor):
    def __init__(self, profile: RayProfile = RayProfile(), workers: int = 1):
        self.profile = profile
        self.workers = max(1, workers)
        self._connected = False

    def connect(self) -> None:
        """Join the cluster at the profile's address once per build (`local`: start a
        throwaway one-machine Ray in this process, with `workers` CPUs)."""
        if self._connected:
            return
        import ray

        from recipec.runtime.steps.base import StepError

        env = {k: v for k, v in os.environ.items() if k.startswith(FORWARDED_PREFIXES)}
        env.setdefault("TOKENIZERS_PARALLELISM", "false")
        options = dict(runtime_env={"env_vars": {**env, **self.profile.env}},
                       log_to_driver=False, logging_level=logging.ERROR,
                       configure_logging=False)
        hint = ("start one (`ray start --head`) or set [ray] address in the --profile file")
        unreachable = _unreachable(self.profile.address)
        if unreachable:
            raise StepError(f"cannot reach a Ray cluster at {self.profile.address}: "
                            f"{unreachable}", hint)
        try:
            if self.profile.address == "local":
                ray.init(num_cpus=self.workers, include_dashboard=False, **options)
            else:
                ray.init(address=self.profile.address, **options)
        except (ConnectionError, RuntimeError, ValueError) as error:
            raise StepError(f"cannot reach a Ray cluster at {self.profile.address}: "
                            f"{str(error).splitlines()[0]}", hint) from None
        self._connected = True

    def run(self, stages: list[Stage], logging_dir: Path) -> dict[str, dict]:
        from datatrove.executor.ray import RayPipelineExecutor

        from recipec.runtime.executors.completion import check_complete
        from recipec.runtime.executors.local import merged_stats
        from recipec.runtime.executors.quiet import stderr_to

        self.connect()
        results = {}
        for stage in stages:
            stage_logs = logging_dir / stage.name
            # (datatrove warns at construction that the folder must be shared: it is, and the
            # warning goes to the step's log with the rest)
            with stderr_to(logging_dir / "datatrove.log"):
                RayPipelineExecutor(
                    pipeline=stage.pipeline, tasks=stage.tasks,
                    workers=self.profile.max_concurrent or -1, logging_dir=str(stage_logs),
                    skip_completed=True, cpus_per_task=self.profile.cpus_per_task,
                    mem_per_cpu_gb=self.profile.mem_per_cpu_gb).run()
            check_complete(stage.name, stage_logs, stage.tasks,
                           f"the Ray cluster at {self.profile.address}")
            results[stage.name] = merged_stats(stage_logs)
        return results


def _unreachable(address: str) -> str | None:
    """Why a `host:port` address refuses connections, or None (Ray itself retries for minutes
    before it gives up on a wrong address)."""
    host, sep, port = address.rpartition(":")
    if not sep or "://" in address or not port.isdigit():
        return None  # "auto", "local", "ray://..." : Ray resolves these itself
    try:
        socket.create_connection((host, int(port)), timeout=5).close()
    except OSError as error:
        return error.strerror or str(error)
    return None
