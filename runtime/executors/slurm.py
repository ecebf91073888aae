"""datatrove's SlurmPipelineExecutor: a step's stages as Slurm job arrays, chained by
`depends=` (sbatch `--dependency=afterok:<previous stage>`), one array task per rank.

A step's stages are submitted together, each depending on the one before, so they queue as one
chain and no stage waits on the build machine to be submitted; the build then waits for the
chain and reads datatrove's completion markers (a job's exit code is not the pipeline's).
Steps still run one after the other: a step's run key depends on the bytes its inputs wrote,
so the next step's chain can only be formed once the previous step has finished.

The workdir must be on a filesystem every node mounts at the same path: datatrove pickles the
pipeline into the stage's logging folder and each array task reads it from there.
"""
from __future__ import annotations

import subprocess
import time
from pathlib import Path

from recipec.runtime.executors.base import Executor, Stage
from recipec.runtime.executors.profile import SlurmProfile, venv_setup

# A job that waits on a failed one never starts: Slurm says so in its reason field.
NEVER_STARTS = ("DependencyNeverSatisfied",)


def _stage_job_class():
    from datatrove.executor.slurm import SlurmPipelineExecutor

    class StageJob(SlurmPipelineExecutor):
        """datatrove's executor, minus its extra merge-stats job per stage (the builder merges
        the per-rank stats itself) and minus empty sbatch settings."""

        def launch_merge_stats(self):
            pass

        def get_sbatch_args(self, max_array: int = 1) -> dict:
            args = super().get_sbatch_args(max_array)
            # sbatch takes whole units: 1.5 GB is 1536M, not "1.5G"
            args["mem-per-cpu"] = f"{round(float(self.mem_per_cpu_gb) * 1024)}M"
            if not args.get("partition"):
                args.pop("partition", None)  # the cluster's default partition
            return args

    return StageJob


class SlurmExecutor(Executor):
    def __init__(self, profile: SlurmProfile = SlurmProfile(), workers: int = 1):
        self.profile = profile
        self.workers = max(1, workers)

    def jobs(self, stages: list[Stage], logging_dir: Path) -> list:
        """One datatrove Slurm executor per stage, each depending on the one before."""
        StageJob = _stage_job_class()
        profile = self.profile
        setup = "\n        ".join(profile.setup or venv_setup())
        prefix = f"{profile.job_name_prefix}{logging_dir.parent.name[:8]}-"
        chain, previous = [], None
        for stage in stages:
            stage_logs = logging_dir / stage.name
            previous = StageJob(
                pipeline=stage.pipeline, tasks=stage.tasks, time=profile.time,
                partition=profile.partition, cpus_per_task=profile.cpus_per_task,
                mem_per_cpu_gb=profile.mem_per_cpu_gb, workers=profile.max_concurrent or -1,
                job_name=prefix + stage.name, qos=profile.qos, env_command=setup or None,
                sbatch_args=dict(profile.sbatch_args), max_array_size=profile.max_array_size,
                depends=previous, logging_dir=str(stage_logs),
                slurm_logs_folder=str(stage_logs / "slurm_logs"), skip_completed=True,
                with_srun=profile.srun)
            chain.append(previous)
        return chain

    def submit(self, stages: list[Stage], logging_dir: Path) -> list:
        """sbatch the chain (datatrove launches the dependencies of the last stage first);
        ranks already complete are not submitted again."""
        from recipec.runtime.executors.quiet import stderr_to
        from recipec.runtime.steps.base import StepError

        chain = self.jobs(stages, logging_dir)
        try:
            with stderr_to(logging_dir / "datatrove.log"):
                chain[-1].run()
        except FileNotFoundError as error:
            raise StepError(f"cannot submit to Slurm: `{error.filename}` is not installed here",
                            "run the build on a Slurm login node, or use --executor local")\
                from None
        except subprocess.CalledProcessError as error:
            raise StepError(f"sbatch refused the job: exit code {error.returncode}",
                            "check [slurm] partition, time and sbatch_args in the profile; "
                            f"the scripts are in {logging_dir}/*/launch_script.slurm") from None
        return chain

    def run(self, stages: list[Stage], logging_dir: Path) -> dict[str, dict]:
        from recipec.runtime.executors.completion import check_complete
        from recipec.runtime.executors.local import merged_stats

        chain = self.submit(stages, logging_dir)
        ids = [str(job.job_id) for job in chain if job.job_id not in (None, -1)]
        wait_for_jobs(ids, self.profile.poll_seconds)
        results = {}
        for stage in stages:
            check_complete(stage.name, logging_dir / stage.name, stage.tasks, "Slurm")
            results[stage.name] = merged_stats(logging_dir / stage.name)
        return results


def queued(job_ids: list[str]) -> list[tuple[str, str, str]]:
    """(job id, state, reason) of the jobs (and array tasks) still pending or running."""
    result = subprocess.run(["squeue", "--noheader", "--jobs", ",".join(job_ids),
                             "--format", "%i %T %r"], capture_output=True, text=True)
    if result.returncode != 0:
        if "Invalid job id" in result.stderr:
            return []  # every one of them has left the queue
        raise RuntimeError(f"squeue failed: {result.stderr.strip()}")
    return [tuple((line.split(None, 2) + ["", ""])[:3])
            for line in result.stdout.splitlines() if line.strip()]


def wait_for_jobs(job_ids: list[str], poll_seconds: float) -> None:
    """Until none of the jobs is queued; jobs that can never start (a failed dependency) are
    cancelled, so the chain ends and the completion markers tell what ran."""
    while job_ids:
        jobs = queued(job_ids)
        if not jobs:
            return
        stuck = [job for job, _, reason in jobs if reason in NEVER_STARTS]
        if stuck and len(stuck) == len(jobs):
            subprocess.run(["scancel", *{job.split("_")[0] for job in stuck}], check=False)
            return
        time.sleep(poll_seconds)
