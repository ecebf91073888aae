"""The cache: a no-op rebuild does nothing; a changed parameter re-runs exactly what depends on
it; an upstream step that re-ran with the same bytes leaves its readers cached."""
from __future__ import annotations

from pathlib import Path

import pytest

from recipec.runtime.build.status import StatusResolver
from recipec.runtime.cache.workdir import Workdir
from tests.runtime.build.helpers import build, code_rows, digests, plan_of, write_jsonl_gz

RECIPE = """
build {{ seed = 3, tasks = 2 }}
source code {{ kind = code, path = "data/*.jsonl.gz", metadata = ["path"] }}
pipeline clean {{
  input = source.code
  steps = [max_line_length({max_line}), dedup.exact(), sample(90%)]
}}
pipeline other {{ input = source.code, steps = [avg_line_length(100)] }}
"""


@pytest.fixture
def folder(tmp_path) -> Path:
    write_jsonl_gz(tmp_path / "data" / "a.jsonl.gz", code_rows(30))
    write_jsonl_gz(tmp_path / "data" / "b.jsonl.gz", code_rows(12))
    return tmp_path


def test_no_op_rebuild_runs_nothing(folder):
    first = build(folder, RECIPE.format(max_line=1000))
    assert len(first.ran) == 5
    second = build(folder, RECIPE.format(max_line=1000))
    assert second.ran == []
    assert digests(second) == digests(first)


def test_changed_parameter_reruns_exactly_its_descendants(folder):
    build(folder, RECIPE.format(max_line=1000))
    changed = build(folder, RECIPE.format(max_line=20))
    assert changed.ran == ["pipeline.clean/max_line_length", "pipeline.clean/dedup.exact",
                           "pipeline.clean/sample"]


def test_same_bytes_upstream_keeps_readers_cached(folder):
    build(folder, RECIPE.format(max_line=1000))
    # No line is between 999 and 1000 characters long: the step re-runs, its output is the same.
    again = build(folder, RECIPE.format(max_line=999))
    assert again.ran == ["pipeline.clean/max_line_length"]


def test_changed_input_data_reruns_the_source_and_readers(folder):
    build(folder, RECIPE.format(max_line=1000))
    write_jsonl_gz(folder / "data" / "b.jsonl.gz", code_rows(13))
    rerun = build(folder, RECIPE.format(max_line=1000))
    assert "source.code" in rerun.ran and "pipeline.other/avg_line_length" in rerun.ran


def test_plan_says_why(folder):
    build(folder, RECIPE.format(max_line=1000))
    plan = plan_of(folder, RECIPE.format(max_line=20))
    statuses = {s.step.id: s for s in StatusResolver(plan, Workdir(folder / "work"),
                                                      folder).all()}
    assert statuses["source.code"].state == "cached"
    step = statuses["pipeline.clean/max_line_length"]
    assert step.state == "will run"
    assert step.reasons == ["parameter `max` 1000 -> 20"]
    assert statuses["pipeline.clean/dedup.exact"].state == "waits"


def test_seed_change_is_a_reason(folder):
    build(folder, RECIPE.format(max_line=1000))
    plan = plan_of(folder, RECIPE.format(max_line=1000).replace("seed = 3", "seed = 4"))
    status = StatusResolver(plan, Workdir(folder / "work"), folder).status(plan.steps[0])
    assert "seed 3 -> 4" in status.reasons


def test_force_reruns_a_step_and_keeps_identical_readers(folder):
    build(folder, RECIPE.format(max_line=1000))
    forced = build(folder, RECIPE.format(max_line=1000), force={"pipeline.clean/dedup.exact"})
    assert forced.ran == ["pipeline.clean/dedup.exact"]
