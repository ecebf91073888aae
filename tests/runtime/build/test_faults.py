"""Faults and bad input: kill -9 at any moment then build again gives the same bytes as an
uninterrupted build; any --workers gives the same bytes; bad inputs are one-line errors with
nothing half-written cached; corrupt rows are counted, never fatal."""
from __future__ import annotations

import gzip
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from recipec.runtime.build.builder import BuildFailed
from recipec.runtime.cache.workdir import Workdir, WorkdirLocked
from tests.runtime.build.helpers import build, code_rows, digests, write_jsonl_gz

RECIPE = """
build { seed = 5, tasks = 3 }
source code { kind = code, path = "data/*.jsonl.gz", metadata = ["path"] }
pipeline clean {
  input = source.code
  steps = [max_line_length(1000), dedup.exact(), dedup.minhash(ngram = 3), sample(80%)]
}
"""


def _data(folder: Path) -> None:
    for index in range(3):
        write_jsonl_gz(folder / "data" / f"part{index}.jsonl.gz",
                       code_rows(60 + index * 7))


def test_workers_never_change_outputs(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for folder in (one, two):
        _data(folder)
    serial = build(one, RECIPE, workers=1)
    parallel = build(two, RECIPE, workers=3, parallel_min_bytes=0)  # force worker processes
    assert digests(serial) == digests(parallel)
    for step_id, manifest in serial.manifests.items():
        assert manifest["files"] == parallel.manifests[step_id]["files"], step_id


def _cli_build(folder: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", "from recipec.runtime.cli.main import main; main()", "build",
         "r.recipe", "--workers", "1", "--no-report"],
        cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
@pytest.mark.parametrize("kill_after_steps", [0, 2, 4])
def test_kill_9_then_resume_gives_identical_outputs(tmp_path, kill_after_steps):
    reference = tmp_path / "reference"
    _data(reference)
    expected = digests(build(reference, RECIPE))

    folder = tmp_path / "killed"
    _data(folder)
    (folder / "r.recipe").write_text(RECIPE)
    process = _cli_build(folder)
    # Kill once `kill_after_steps` manifests exist, so the kill lands inside the next step.
    deadline = time.time() + 120
    while time.time() < deadline and process.poll() is None:
        if len(list((folder / ".recipec").glob("*/manifest.json"))) >= kill_after_steps and \
                (kill_after_steps or list((folder / ".recipec").glob("*/data"))):
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()

    resumed = _cli_build(folder)
    assert resumed.wait(timeout=300) == 0, resumed.stderr.read()
    result = build(folder, RECIPE, workdir=".recipec")  # everything cached now
    assert result.ran == []
    assert digests(result) == expected


def test_missing_input_is_a_one_line_error_and_nothing_is_cached(tmp_path):
    with pytest.raises(BuildFailed) as failure:
        build(tmp_path, RECIPE)
    assert failure.value.step_id == "source.code"
    assert "input not found" in str(failure.value) and "\n" not in str(failure.value)
    assert not list((tmp_path / "work").glob("*/manifest.json"))


def test_cli_reports_build_errors_without_traceback(tmp_path):
    (tmp_path / "r.recipe").write_text(RECIPE)
    result = subprocess.run([sys.executable, "-c", "from recipec.runtime.cli.main import main; "
                             "main()", "build", "r.recipe"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1
    assert "error: source.code: input not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_corrupt_rows_are_counted_not_fatal(tmp_path):
    _data(tmp_path)
    with gzip.open(tmp_path / "data" / "part1.jsonl.gz", "at") as f:
        f.write('{"id": "broken", "text": \n')        # bad JSON
        f.write('["not", "an", "object"]\n')
        f.write('{"id": "no-text"}\n')
    truncated = (tmp_path / "data" / "part2.jsonl.gz").read_bytes()
    (tmp_path / "data" / "part2.jsonl.gz").write_bytes(truncated[: len(truncated) // 2])
    result = build(tmp_path, RECIPE)
    counts = result.manifests["source.code"]["counts"]
    reasons = counts["reasons"]
    assert reasons.get("rejected_bad_json") == 1
    assert reasons.get("rejected_not_an_object") == 1
    assert sum(v for k, v in reasons.items() if "corrupt" in k or "truncated" in k) >= 1
    assert counts["docs_out"] > 60


def test_a_locked_workdir_refuses_a_second_build(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from recipec.runtime.cache.workdir import "
         "Workdir; h = Workdir(sys.argv[1]).lock(); print('locked', flush=True); "
         "time.sleep(60)", str(tmp_path / "work")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(WorkdirLocked):
            Workdir(tmp_path / "work").lock()
    finally:
        holder.kill()
        holder.wait()
    Workdir(tmp_path / "work").lock().close()  # free once the holder is gone, even by kill -9
