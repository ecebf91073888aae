"""`recipec plan --estimate`: the rates it uses are the benchmarks' (checked against
benchmarks/results/*.md, so they cannot drift apart), sizes come from files and declarations,
and costs follow the formulas docs/scaling.md states."""
from __future__ import annotations

import gzip
import re

import pytest

from recipec.compiler import compile
from recipec.runtime.build.estimate import estimate, matmul_parameters, table
from recipec.runtime.build.status import StatusResolver
from recipec.runtime.build.throughputs import (
    BYTES_PER_TOKEN, GPU_PEAK_FLOPS, PACK_TOKENS_PER_CPU_S, RATES,
)
from recipec.runtime.cache.workdir import Workdir
from recipec.runtime.executors.profile import ClusterShape
from tests.compiler.helpers import ROOT
from tests.runtime.build.helpers import build, code_rows, write_jsonl_gz

RESULTS = ROOT / "benchmarks" / "results"
MAIN = ROOT / "recipes" / "qwen25_coder" / "main.recipe"
QWEN_7B = {"hidden_size": 3584, "intermediate_size": 18944, "num_hidden_layers": 28,
           "num_attention_heads": 28, "num_key_value_heads": 4}


def table_cell(results_file: str, row: str, column: str) -> float:
    """The number in a markdown table of a results file: the row whose first cell is `row`,
    the column headed `column` (default: the last)."""
    header = None
    for line in (RESULTS / results_file).read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or set(line) <= set("|-: "):
            continue
        if header is None or cells[0] in ("Block", "system", "variant", "filter", "pipeline"):
            header = cells
            if cells[0] != row:
                continue
        if cells[0] == row:
            index = header.index(column) if column else len(cells) - 1
            return float(re.sub(r"[^0-9.]", "", cells[index]))
    raise AssertionError(f"{results_file}: no row {row!r}")


@pytest.mark.parametrize("name", sorted(RATES))
def test_every_rate_is_the_figure_in_its_results_file(name):
    rate = RATES[name]
    assert table_cell(rate.source, rate.row, rate.column) == pytest.approx(rate.table_figure)


def test_the_pack_rate_is_derived_from_two_measured_rows():
    pack = table_cell("fim_tokenize_pack.md", "recipec: tokenize + pack 8Ki + write (no FIM)",
                      "CPU s")
    encode = table_cell("fim_tokenize_pack.md", "raw tiktoken `encode_ordinary_batch`", "CPU s")
    assert PACK_TOKENS_PER_CPU_S == pytest.approx(20.0e6 / 3.68 / (pack - encode))


def test_qwen25_7b_has_its_published_parameter_count():
    embeddings = 152064 * 3584  # input embeddings (untied): not a matmul per token
    total = matmul_parameters({**QWEN_7B, "vocab_size": 152064}) + embeddings
    assert total == pytest.approx(7.61e9, rel=0.005)


@pytest.fixture(scope="module")
def main_rows(tmp_path_factory):
    plan = compile(str(MAIN)).plan
    empty = Workdir(tmp_path_factory.mktemp("never-built"))  # nothing cached: all estimated
    statuses = StatusResolver(plan, empty, MAIN.parent).all()
    cluster = ClusterShape(nodes=32, cores_per_node=64, gpus_per_node=8, gpu="h100", mfu=0.4)
    return {r.step: r for r in estimate(plan, statuses, cluster)}, cluster


def test_declared_source_tokens_size_the_full_build(main_rows):
    rows, _ = main_rows
    github = rows["source.github"]
    assert github.input_bytes == pytest.approx(4.5e12 * BYTES_PER_TOKEN["code"])
    dedup = rows["pipeline.code_clean/dedup.minhash"]
    assert dedup.input_bytes == github.input_bytes  # upper bound: filters keep everything
    seconds = dedup.input_bytes * (1 / RATES["dedup.minhash"].bytes_per_cpu_s +
                                   1 / RATES["io"].bytes_per_cpu_s)
    assert dedup.cpu_hours == pytest.approx(seconds / 3600)
    # 512 tasks on 2,048 cores: the plan's tasks, not the cores, bound the parallelism.
    assert dedup.wall_hours == pytest.approx(dedup.cpu_hours / 512)


def test_pretraining_phases_cost_6n_plus_attention_flops_per_token(main_rows):
    rows, cluster = main_rows
    per_token = 6 * matmul_parameters(QWEN_7B) + 6 * 28 * 8192 * 3584
    file_level = rows["phase.file_level"]
    assert file_level.tokens == 5.2e12
    assert file_level.gpu_hours == pytest.approx(
        5.2e12 * per_token / (GPU_PEAK_FLOPS["h100"] * 0.4) / 3600)
    assert file_level.wall_hours == pytest.approx(file_level.gpu_hours / 256)
    repo = rows["phase.repo_level"]
    assert repo.tokens == 3e11 and repo.gpu_hours < file_level.gpu_hours
    assert "not estimated" in rows["phase.sft_coarse"].basis


def test_a_built_workdir_gives_real_sizes(tmp_path):
    write_jsonl_gz(tmp_path / "code.jsonl.gz", code_rows(40))
    recipe = ("build { tasks = 2 }\n"
              "source code { kind = code, path = \"code.jsonl.gz\", metadata = [\"path\"] }\n"
              "pipeline clean { input = source.code, steps = [max_line_length(1000)] }\n")
    build(tmp_path, recipe)
    (tmp_path / "r.recipe").write_text(recipe)
    plan = compile(str(tmp_path / "r.recipe")).plan
    workdir = Workdir(tmp_path / "work")
    statuses = StatusResolver(plan, workdir, tmp_path).all()
    rows = {r.step: r for r in estimate(plan, statuses, ClusterShape(cores_per_node=4),
                                        workdir.root)}
    source = rows["source.code"]
    with gzip.open(tmp_path / "code.jsonl.gz", "rb") as f:
        assert source.input_bytes == len(f.read())  # uncompressed, from gzip's trailer
    assert source.output_bytes == source.input_bytes  # it kept all 41 documents
    clean = rows["pipeline.clean/max_line_length"]
    counts = statuses[1].manifest["counts"]
    assert counts["docs_out"] < counts["docs_in"]  # it dropped the long-lined files
    assert clean.output_bytes == pytest.approx(
        clean.input_bytes * counts["docs_out"] / counts["docs_in"])
    assert clean.wall_hours == pytest.approx(clean.cpu_hours / 2)   # 2 tasks, 4 cores
    lines = table(list(rows.values()), ClusterShape(cores_per_node=4))
    assert lines[0][0] == "step" and lines[-1][0].startswith("total (1 nodes, 4 cores")
