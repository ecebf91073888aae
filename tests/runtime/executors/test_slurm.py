"""Slurm: the quickstart submitted to a real one-node Slurm cluster (Debian's slurmctld and
slurmd, started by the test: slurm_cluster.py) gives the local build's bytes; a failing stage
stops the chain with its rank's error; and the sbatch scripts and their dependency chain are
snapshot-tested without a cluster (a recording `sbatch` on PATH).
"""
from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

import pytest

from recipec.runtime.executors.base import Stage
from recipec.runtime.executors.profile import SlurmProfile
from recipec.runtime.executors.slurm import SlurmExecutor
from recipec.runtime.steps.base import StepError
from tests.compiler.helpers import ROOT
from tests.runtime.executors.helpers import build_quickstart, manifests
from tests.runtime.executors.slurm_cluster import LocalSlurmCluster, missing_requirements

SNAPSHOT = Path(__file__).with_name("snapshots") / "slurm_minhash_chain.txt"

FAKE_SBATCH = """#!{python}
# Records each submission (arguments and script) and answers like sbatch.
import pathlib, sys
record = pathlib.Path({folder!r})
number = len(list(record.glob("*.sh"))) + 1
script = pathlib.Path(sys.argv[-1]).read_text()
(record / f"{{number}}.sh").write_text(" ".join(sys.argv[1:-1]) + "\\n" + script)
print(f"Submitted batch job {{1000 + number}}")
"""


@pytest.fixture(scope="module")
def slurm():
    problem = missing_requirements()
    if problem:
        pytest.fail(problem)
    cluster = LocalSlurmCluster()
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.mark.slow
def test_the_quickstart_on_slurm_is_byte_identical_to_the_local_build(slurm, local_build,
                                                                       tmp_path):
    profile = tmp_path / "profile.toml"
    profile.write_text("[slurm]\npoll_seconds = 1\njob_name_prefix = \"qs-\"\n")
    result = build_quickstart(tmp_path / "work", "--executor", "slurm", "--profile",
                              str(profile), env=slurm.env)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    local, on_slurm = manifests(local_build), manifests(tmp_path / "work")
    assert local.keys() == on_slurm.keys() and len(local) >= 20
    for step, manifest in local.items():
        assert on_slurm[step] == manifest, step
    # It really went through Slurm: array tasks left their logs.
    assert list((tmp_path / "work").glob("*/logs/*/slurm_logs/*_1.out"))


def test_a_failing_stage_stops_the_chain_with_its_error(slurm, tmp_path, monkeypatch):
    for key, value in slurm.env.items():
        monkeypatch.setenv(key, value)
    # The job unpickles these test functions: it must find the `tests` package.
    monkeypatch.setenv("PYTHONPATH", str(ROOT))

    def planted_failure(data, rank, world_size):
        if rank == 1:
            raise ValueError("planted failure in rank 1")
        return data

    def never_reached(data, rank, world_size):
        return data

    executor = SlurmExecutor(SlurmProfile(poll_seconds=0.5))
    with pytest.raises(StepError) as error:
        executor.run([Stage("boom", [planted_failure], 2), Stage("after", [never_reached], 1)],
                     tmp_path / "logs")
    message = str(error.value)
    assert "stage `boom`: 1 of 2 tasks did not finish on Slurm (ranks 1)" in message
    assert "planted failure in rank 1" in message
    # The stage after it waited on `afterok` and was cancelled, never run.
    assert not (tmp_path / "logs" / "after" / "completions").exists()


def normalised(text: str, logs: Path) -> str:
    text = text.replace(str(logs), "<logs>").replace(sys.prefix, "<venv>")
    return re.sub(r"-[0-9a-f]{8}-", "-<key>-", text)


def test_sbatch_scripts_and_dependency_chain_snapshot(tmp_path, monkeypatch):
    """The four MinHash stages of a real dedup step, as sbatch scripts: each stage an array of
    its tasks, each depending (afterok) on the stage before."""
    from recipec.runtime.processing.dedup import MinhashParams, minhash_stages
    from recipec.runtime.steps.documents import reader, writer

    record, bin_dir = tmp_path / "submitted", tmp_path / "bin"
    record.mkdir()
    bin_dir.mkdir()
    sbatch = bin_dir / "sbatch"
    sbatch.write_text(FAKE_SBATCH.format(python=sys.executable, folder=str(record)))
    sbatch.chmod(sbatch.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    step = tmp_path / ("ab12cd34" + "0" * 56)
    stages = minhash_stages(lambda: reader(step / "in"), lambda: writer(step / "data"),
                            str(step / "scratch"), MinhashParams(5, 14, 8, seed=1), 2)
    profile = SlurmProfile(partition="cpu", time="02:00:00", cpus_per_task=2, mem_per_cpu_gb=1.5,
                           setup=("module load python/3.11", "source /shared/venv/bin/activate"),
                           sbatch_args={"account": "code-llm"}, max_concurrent=8)
    chain = SlurmExecutor(profile).submit(stages, step / "logs")

    assert [job.job_id for job in chain] == ["1001", "1002", "1003", "1004"]
    submitted = "\n".join(f"===== submission {path.stem}\n{path.read_text()}"
                          for path in sorted(record.glob("*.sh")))
    text = normalised(submitted, step / "logs")
    assert "--dependency=afterok:1001" in text and "--dependency=afterok:1003" in text
    if os.environ.get("RECIPEC_UPDATE_SNAPSHOTS"):
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(text)
    assert text == SNAPSHOT.read_text()


@pytest.mark.slow
def test_a_phase_trains_as_one_slurm_job(slurm, tmp_path, monkeypatch):
    """[training] launch = "slurm": the phase is one sbatch job (here of one node, two
    processes), its runner started by srun with the hostfile of the allocation."""
    from recipec.runtime.build.builder import Builder
    from recipec.runtime.cache.workdir import Workdir
    from recipec.runtime.executors import make_executor
    from recipec.runtime.executors.profile import Profile, TrainingProfile
    from tests.runtime.training.helpers import (
        SHORT_STEPS, make_tokenizer, read_metrics, short_plan,
    )

    for key, value in slurm.env.items():
        monkeypatch.setenv(key, value)
    executor = make_executor("local", 1, Profile(training=TrainingProfile(
        launch="slurm", cpus_per_node=2, time="00:30:00")))
    plan = short_plan(make_tokenizer(tmp_path / "tokenizer"), procs=2, micro_batch=2)
    workdir = Workdir(tmp_path / "work")
    with workdir.lock():
        result = Builder(plan, workdir, tmp_path, executor).build()
    phase = workdir.root / result.manifests["phase.p"]["run_key"]
    log = (phase / "logs" / "train.log").read_text()
    assert "submitted Slurm job" in log and "dist_world_size=2" in log
    assert (phase / "scratch" / "hostfile").read_text() == f"{slurm.host} slots=2\n"
    records = read_metrics(phase)
    assert len(records) == SHORT_STEPS and records[-1]["loss"] < records[0]["loss"]
