"""Multi-node training: a phase of two processes on two "nodes" of this machine (one DeepSpeed
runner per node, `--no_ssh --node_rank`, one hostfile) follows the single-process loss curve;
the Slurm job script of a phase, by snapshot; the profile's node count must divide `procs`.

The phase step asks `nodes.training_command` for its launch command (see docs/executors.md,
"Multi-node training").
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from recipec.runtime.build.builder import Builder
from recipec.runtime.cache.workdir import Workdir
from recipec.runtime.executors import make_executor
from recipec.runtime.executors.nodes import NodesError, training_command
from recipec.runtime.executors.profile import Profile, RayProfile, TrainingProfile
from tests.runtime.training.helpers import make_tokenizer, read_metrics, short_plan

SNAPSHOT = Path(__file__).with_name("snapshots") / "slurm_training_job.txt"


def build_with(plan, folder: Path, executor):
    workdir = Workdir(folder / "work")
    with workdir.lock():
        result = Builder(plan, workdir, folder, executor).build()
    return folder / "work" / result.manifests["phase.p"]["run_key"], result


@pytest.fixture(scope="module")
def tokenizer_json(tmp_path_factory):
    return make_tokenizer(tmp_path_factory.mktemp("tokenizer"))


@pytest.fixture(scope="module")
def reference(tokenizer_json, tmp_path_factory):
    """One process on one node."""
    folder = tmp_path_factory.mktemp("one-node")
    phase, _ = build_with(short_plan(tokenizer_json), folder, make_executor("local", 1))
    return read_metrics(phase)


@pytest.fixture(scope="module")
def two_nodes(tokenizer_json, tmp_path_factory):
    folder = tmp_path_factory.mktemp("two-nodes")
    profile = Profile(training=TrainingProfile(nodes=2, launch="local"))
    executor = make_executor("local", 1, profile)
    return build_with(short_plan(tokenizer_json, procs=2, micro_batch=2), folder, executor)


@pytest.mark.slow
def test_two_nodes_follow_the_single_process_curve(two_nodes, reference):
    phase, result = two_nodes
    counts = result.manifests["phase.p"]["counts"]
    assert counts["processes"] == 2
    log = (phase / "logs" / "train.log").read_text()
    # Two runners, one per node, each starting its one process of a world of two.
    assert "nnodes=2, num_local_procs=1, node_rank=0" in log
    assert "nnodes=2, num_local_procs=1, node_rank=1" in log
    assert "dist_world_size=2" in log
    assert (phase / "scratch" / "hostfile").read_text() == "node0 slots=1\nnode1 slots=1\n"
    got = read_metrics(phase)
    assert len(got) == len(reference)
    for mine, want in zip(got, reference):
        assert mine["tokens"] == want["tokens"]
        assert mine["loss"] == pytest.approx(want["loss"], rel=1e-3), mine["step"]
    assert (phase / "checkpoint" / "config.json").exists()


def test_one_node_keeps_the_phase_launcher(tmp_path):
    assert training_command(make_executor("local", 1), tmp_path / "job.json", 2, 1234) is None


def test_processes_must_divide_over_the_nodes(tmp_path):
    executor = make_executor("local", 1, Profile(training=TrainingProfile(nodes=2)))
    with pytest.raises(NodesError, match="3 processes do not divide over 2 nodes"):
        training_command(executor, tmp_path / "job.json", 3, 1234)


def test_ssh_launch_is_deepspeeds_runner_with_the_hostfile(tmp_path):
    profile = Profile(training=TrainingProfile(hosts=("gpu-01", "gpu-02"), launch="ssh"))
    command = training_command(make_executor("local", 1, profile), tmp_path / "job.json", 16, 0)
    assert command[1:4] == ["-u", "-m", "deepspeed.launcher.runner"]
    assert "--master_addr=gpu-01" in command and "--master_port=29500" in command
    assert (tmp_path / "hostfile").read_text() == "gpu-01 slots=8\ngpu-02 slots=8\n"


def test_slurm_training_job_snapshot(tmp_path):
    """One job for the phase: N nodes, one runner per node, the hostfile from the allocation."""
    phase = tmp_path / ("cd34ef56" + "0" * 56) / "scratch"
    phase.mkdir(parents=True)
    profile = Profile(training=TrainingProfile(nodes=4, launch="slurm", gpus_per_node=8,
                                               cpus_per_node=96, partition="gpu",
                                               time="2-00:00:00"))
    command = training_command(make_executor("slurm", 1, profile), phase / "job.json", 32, 0)
    assert command[-2:] == ["slurm", str(phase / "train.sbatch")]
    text = (phase / "train.sbatch").read_text()
    text = text.replace(str(phase), "<scratch>").replace(sys.prefix, "<venv>")
    text = re.sub(r"-phase-[0-9a-f]{8}", "-phase-<key>", text)
    if os.environ.get("RECIPEC_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(text)
    assert text == SNAPSHOT.read_text()
    assert "#SBATCH --nodes=4" in text and "--node_rank=$SLURM_NODEID" in text


def test_ray_launch_runs_one_actor_per_node_of_the_profiles_cluster(tmp_path):
    profile = Profile(ray=RayProfile(address="10.0.0.1:6379"),
                      training=TrainingProfile(nodes=2, launch="ray", gpus_per_node=8))
    command = training_command(make_executor("ray", 1, profile), tmp_path / "job.json", 16, 0)
    assert command[3:5] == ["recipec.runtime.executors.nodes", "ray"]
    for argument in ("--address=10.0.0.1:6379", "--nodes=2", "--per-node=8", "--gpus=8",
                     "--port=29500", str(tmp_path / "job.json")):
        assert argument in command
