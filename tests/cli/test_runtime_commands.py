"""build / plan / show / gc / clean as a user runs them."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.runtime.build.helpers import code_rows, write_jsonl_gz

RECIPE = """
build {{ tasks = 1 }}
source code {{ kind = code, path = "data/*.jsonl.gz", metadata = ["path"] }}
pipeline clean {{ input = source.code, steps = [max_line_length({max_line}), dedup.exact()] }}
"""


def recipec(*args, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from recipec.runtime.cli.main import main; "
                           "main()", *args], cwd=cwd, capture_output=True, text=True,
                          input=stdin, timeout=300)


@pytest.fixture
def project(tmp_path):
    write_jsonl_gz(tmp_path / "data" / "a.jsonl.gz", code_rows(30))
    (tmp_path / "r.recipe").write_text(RECIPE.format(max_line=1000))
    built = recipec("build", "r.recipe", "--no-report", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    return tmp_path


def test_build_then_plan_then_dry_run(project):
    plan = recipec("plan", "r.recipe", cwd=project)
    assert plan.returncode == 0 and "nothing to do" in plan.stdout
    (project / "r.recipe").write_text(RECIPE.format(max_line=50))
    plan = recipec("plan", "r.recipe", cwd=project)
    assert "pipeline.clean/max_line_length  will run   parameter `max` 1000 -> 50" in plan.stdout
    dry = recipec("build", "r.recipe", "--dry-run", cwd=project)
    assert "will run" in dry.stdout and not (project / ".recipec" / "_reports").exists()


def test_show_prints_kept_and_dropped_samples_with_reasons(project):
    result = recipec("show", "r.recipe", "pipeline.clean/max_line_length", "-n", "2",
                     cwd=project)
    assert result.returncode == 0, result.stderr
    assert "dropped_max_line_length: 3" in result.stdout
    dropped = result.stdout.split("== dropped")[1]
    assert "filter_reason: max_line_length" in dropped and "doc-3" in dropped
    unknown = recipec("show", "r.recipe", "pipeline.clean/max_line_lenght", cwd=project)
    assert unknown.returncode == 1 and "did you mean" in unknown.stderr


def test_gc_keeps_what_recipes_use_and_clean_asks_first(project):
    (project / "r.recipe").write_text(RECIPE.format(max_line=50))
    assert recipec("build", "r.recipe", "--no-report", cwd=project).returncode == 0
    gc = recipec("gc", "r.recipe", cwd=project)
    # max_line_length 50 drops the same files as 1000: only its own old output is unused.
    assert gc.returncode == 0 and "removed 1 cached output(s)" in gc.stdout
    again = recipec("build", "r.recipe", "--no-report", cwd=project)
    assert "nothing to do" in again.stdout
    refused = recipec("clean", "r.recipe", cwd=project, stdin="n\n")
    assert "nothing deleted" in refused.stdout and any((project / ".recipec").iterdir())
    cleaned = recipec("clean", "r.recipe", "--yes", cwd=project)
    assert cleaned.returncode == 0
    assert [p.name for p in (project / ".recipec").iterdir()] == [".lock"]
