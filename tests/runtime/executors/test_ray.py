"""The quickstart on a real two-node Ray cluster (127.0.0.1 only) gives the local build's bytes,
even with a task killed while it writes its shard; a task that raises stops the build with its
error; a wrong address is one line, at once.

The cluster runs in its own network namespace (`unshare -n`) when the machine allows it, so
nothing of it is reachable from outside; see ray_harness.py. Several minutes on two cores.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from recipec.runtime.executors.base import Stage
from recipec.runtime.executors.profile import RayProfile
from recipec.runtime.executors.ray import RayExecutor
from recipec.runtime.steps.base import StepError
from tests.compiler.helpers import ROOT
from tests.runtime.executors.helpers import manifests

HARNESS = Path(__file__).with_name("ray_harness.py")


def network_namespace_works() -> bool:
    return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def ray_build(tmp_path_factory):
    """The quickstart through `--executor ray`, one task killed mid-run."""
    folder = tmp_path_factory.mktemp("ray")
    workdir, report = folder / "work", folder / "result.json"
    command = [sys.executable, str(HARNESS), "recipes/quickstart.recipe", str(workdir),
               str(report), "--kill"]
    if network_namespace_works():
        command = ["unshare", "-n", *command, "--netns"]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1500)
    assert run.returncode == 0 and report.exists(), run.stdout[-2000:] + run.stderr[-3000:]
    return workdir, json.loads(report.read_text())


@pytest.mark.slow
def test_the_ray_build_succeeds_on_two_nodes(ray_build):
    _, result = ray_build
    assert result["returncode"] == 0, result["output"]
    if result["netns"]:
        assert result["interfaces"] == ["lo"]


@pytest.mark.slow
def test_a_task_was_killed_while_writing_and_retried(ray_build):
    workdir, result = ray_build
    kill = result["kill"]
    assert kill.get("killed"), "no task was running while a shard was written"
    step_dir = workdir / Path(kill["while_writing"]).parts[0]
    # The step finished all the same, after datatrove resubmitted the dead task.
    assert (step_dir / "manifest.json").exists()
    log = (step_dir / "logs" / "datatrove.log").read_text()
    assert "failed with RayActorError" in log


@pytest.mark.slow
def test_ray_outputs_are_byte_identical_to_the_local_build(ray_build, local_build):
    workdir, _ = ray_build
    local, ray = manifests(local_build), manifests(workdir)
    assert local.keys() == ray.keys() and len(local) >= 20
    # Each manifest lists every output file with its sha256: equal manifests, equal bytes.
    for step, manifest in local.items():
        assert ray[step] == manifest, step
    assert any(step.startswith("mixture.") and m["files"] for step, m in ray.items())


@pytest.mark.slow
def test_no_task_process_outlives_the_cluster(ray_build):
    assert ray_build[1]["leftover"] == []


def test_a_wrong_address_is_one_line_at_once():
    with pytest.raises(StepError) as error:
        RayExecutor(RayProfile(address="127.0.0.1:1")).connect()
    assert "cannot reach a Ray cluster at 127.0.0.1:1" in str(error.value)
    assert "ray start --head" in error.value.hint


@pytest.mark.slow
def test_a_task_that_raises_stops_the_stage_with_its_error(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))  # Ray writes an auth token under ~/.ray

    def planted_failure(data, rank, world_size):
        if rank == 1:
            raise ValueError("planted failure in rank 1")
        return data

    executor = RayExecutor(RayProfile(address="local"), workers=1)
    try:
        with pytest.raises(StepError) as error:
            executor.run([Stage("boom", [planted_failure], tasks=2)], tmp_path / "logs")
    finally:
        import ray

        ray.shutdown()
    message = str(error.value)
    assert "stage `boom`: 1 of 2 tasks did not finish" in message
    assert "ranks 1" in message and "planted failure in rank 1" in message
    assert (tmp_path / "logs" / "boom" / "completions" / "00000").exists()
