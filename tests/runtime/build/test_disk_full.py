"""A full disk is a clear one-line error naming the step, and nothing half-written is cached.

The workdir sits on a 1 MB tmpfs (the tests run as root, as CI does); when mounting is not
allowed, the same failure is injected into the step's writes instead."""
from __future__ import annotations

import errno
import subprocess
from pathlib import Path

import pytest

from recipec.runtime.build.builder import BuildFailed
from tests.runtime.build.helpers import build, write_jsonl_gz

RECIPE = """
build { tasks = 1 }
source big { kind = code, path = "data/*.jsonl.gz" }
pipeline keep { input = source.big, steps = [max_line_length(100000)] }
"""


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "work"
    mount.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                             capture_output=True).returncode == 0
    yield mounted
    if mounted:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _incompressible_rows(count: int) -> list[dict]:
    import random

    rng = random.Random(0)
    return [{"id": str(i), "text": "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789")
                                          for _ in range(4000))} for i in range(count)]


def test_disk_full_is_a_one_line_error_and_caches_nothing(tmp_path, small_disk, monkeypatch):
    write_jsonl_gz(tmp_path / "data" / "big.jsonl.gz", _incompressible_rows(600))  # ~2.4 MB
    if not small_disk:
        import builtins

        real_open = builtins.open

        def full_disk_open(file, mode="r", *args, **kwargs):
            if "w" in mode and str(file).startswith(str(tmp_path / "work")) and \
                    str(file).endswith(".gz"):
                raise OSError(errno.ENOSPC, "No space left on device", str(file))
            return real_open(file, mode, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", full_disk_open)
    with pytest.raises(BuildFailed) as failure:
        build(tmp_path, RECIPE)
    message = str(failure.value)
    assert failure.value.step_id == "source.big"
    assert "disk full" in message and "\n" not in message
    assert "nothing half-written was cached" in failure.value.hint
    assert not list(Path(tmp_path / "work").glob("*/manifest.json"))
