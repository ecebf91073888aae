"""`kill -9` of a build during training, then the build again: it resumes from the newest
checkpoint and the loss curve after it is the one of an uninterrupted run."""
from __future__ import annotations

import fcntl
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.runtime.training.helpers import SHORT_STEPS, build, read_metrics, step_dir

REPO = Path(__file__).resolve().parents[3]
BUILD = """
import sys
from recipec.compiler.ir.plan import Plan
from tests.runtime.training.helpers import build
build(Plan.model_validate_json(open(sys.argv[1]).read()), __import__("pathlib").Path(sys.argv[2]))
"""


def newest_checkpoint(phase: Path) -> int:
    latest = phase / "scratch" / "checkpoints" / "latest"
    return int(latest.read_text().strip().split("-")[1]) if latest.is_file() else 0


def last_step(phase: Path) -> int:
    lines = (phase / "metrics.jsonl").read_text().splitlines() \
        if (phase / "metrics.jsonl").is_file() else []
    try:
        return json.loads(lines[-1])["step"] if lines else 0
    except ValueError:
        return 0


def phase_folder(work: Path) -> Path | None:
    for job in work.glob("*/scratch/job.json"):
        return job.parent.parent
    return None


def kill_mid_training(plan, folder: Path) -> Path:
    """Starts a build in a child process and kills it (-9) once a checkpoint exists and the
    training has gone past it, but not to its end."""
    (folder / "plan.json").write_text(plan.model_dump_json())
    child = subprocess.Popen([sys.executable, "-c", BUILD, str(folder / "plan.json"), str(folder)],
                             cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            phase = phase_folder(folder / "work")
            if phase is not None:
                saved, reached = newest_checkpoint(phase), last_step(phase)
                if saved and saved < reached < SHORT_STEPS:
                    child.send_signal(signal.SIGKILL)
                    child.wait()
                    return phase
            if child.poll() is not None:
                pytest.fail("the build ended before it could be killed mid-training")
            time.sleep(0.05)
        pytest.fail("no checkpoint within 300 s")
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def wait_for_workers(phase: Path, timeout: float = 60) -> None:
    """The launcher and workers die with the build (parent-death signal): the training lock
    must come free."""
    deadline = time.monotonic() + timeout
    with open(phase / "scratch" / "train.lock", "a") as handle:
        while True:
            try:
                fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.lockf(handle, fcntl.LOCK_UN)
                return
            except OSError:
                assert time.monotonic() < deadline, "a training process outlived the build"
                time.sleep(0.2)


def test_kill_then_build_again_resumes_with_the_same_curve(reference_run, tmp_path):
    plan, _, reference = reference_run
    phase = kill_mid_training(plan, tmp_path)
    killed_at, saved = last_step(phase), newest_checkpoint(phase)
    assert not (phase / "manifest.json").exists()
    wait_for_workers(phase)

    result = build(plan, tmp_path)
    assert result.ran == ["phase.p"]  # the data steps were finished before the kill
    assert step_dir(result, "phase.p", tmp_path) == phase
    log = (phase / "logs" / "train.log").read_text()
    assert f"resumed from checkpoint step-{saved:07d} (step {saved} of {SHORT_STEPS})" in log
    resumed = read_metrics(phase)
    assert [r["step"] for r in resumed] == list(range(1, SHORT_STEPS + 1))
    assert saved < killed_at  # steps after the checkpoint were lost, then trained again
    for got, want in zip(resumed, reference):
        assert got["loss"] == pytest.approx(want["loss"], rel=1e-5, abs=1e-6), got["step"]
        assert got["lr"] == pytest.approx(want["lr"], rel=1e-9)
        assert got["tokens"] == want["tokens"]
