"""The everyday CLI as a user runs it: real processes, exit codes 0 / 1 / 2."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

GOOD = """\
import "std/qwen25_coder" as qwen
source code { kind = code, path = "code.jsonl.gz" }
pipeline clean { input = source.code, steps = [dedup.minhash(ngram = 5)] }
mixture m {
  tokenizer = qwen.tokenizer.qwen25
  seq_len = 8Ki
  budget = 1M tokens
  component pipeline.clean { weight = 100% }
}
"""
BAD = GOOD.replace("pipeline.clean { weight", "pipeline.clen { weight")


def recipec(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from recipec.runtime.cli.main import main; "
                           "main()", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def recipes(tmp_path):
    (tmp_path / "good.recipe").write_text(GOOD)
    (tmp_path / "bad.recipe").write_text(BAD)
    (tmp_path / "other.recipe").write_text(GOOD.replace("ngram = 5", "ngram = 7"))
    return tmp_path


def test_check_ok_and_errors(recipes):
    ok = recipec("check", "good.recipe", cwd=recipes)
    assert ok.returncode == 0 and "ok" in ok.stdout
    bad = recipec("check", "bad.recipe", cwd=recipes)
    assert bad.returncode == 1
    assert "error[E0201]" in bad.stderr and "bad.recipe:8:13" in bad.stderr
    assert "did you mean `pipeline.clean`?" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_check_json_for_editors(recipes):
    result = recipec("check", "bad.recipe", "--format", "json", cwd=recipes)
    assert result.returncode == 1
    (diagnostic,) = json.loads(result.stdout)
    assert (diagnostic["code"], diagnostic["line"], diagnostic["column"]) == ("E0201", 8, 13)


def test_usage_errors_exit_2(recipes):
    assert recipec("check", cwd=recipes).returncode == 2
    assert recipec("check", "good.recipe", "-p", "novalue", cwd=recipes).returncode == 2
    assert recipec("explain", "E9999", cwd=recipes).returncode == 2
    assert recipec("frobnicate", cwd=recipes).returncode == 2


def test_missing_file_is_a_diagnostic_not_a_traceback(recipes):
    result = recipec("check", "nope.recipe", cwd=recipes)
    assert result.returncode == 1 and "E0303" in result.stderr
    assert "Traceback" not in result.stderr


def test_compile_writes_a_loadable_plan(recipes):
    assert recipec("compile", "good.recipe", "-o", "plan.json", cwd=recipes).returncode == 0
    from recipec.compiler.ir.plan import Plan

    plan = Plan.model_validate_json((recipes / "plan.json").read_text())
    assert [s.id for s in plan.steps][-1] == "mixture.m"
    assert plan.step("pipeline.clean/dedup.minhash").params["ngram"] == 5


def test_plan_graph_and_schema(recipes):
    plan = recipec("plan", "good.recipe", cwd=recipes)
    assert plan.returncode == 0 and "pipeline.clean/dedup.minhash" in plan.stdout
    dot = recipec("graph", "good.recipe", cwd=recipes).stdout
    assert dot.startswith("digraph") and '"source.code" -> "pipeline.clean/dedup.minhash"' in dot
    mermaid = recipec("graph", "good.recipe", "--format", "mermaid", cwd=recipes).stdout
    assert mermaid.startswith("flowchart LR") and "-->" in mermaid
    schema = json.loads(recipec("schema", cwd=recipes).stdout)
    assert "Step" in schema["$defs"] and "Mixture" in schema["$defs"]


def test_diff_names_changed_attributes_and_rerun_steps(recipes):
    result = recipec("diff", "good.recipe", "other.recipe", cwd=recipes)
    assert result.returncode == 0
    assert "~ pipeline.clean.steps[0].ngram: 5 -> 7" in result.stdout
    rerun = result.stdout.split("re-run")[1]
    assert "pipeline.clean/dedup.minhash" in rerun and "source.code" not in rerun
    same = recipec("diff", "good.recipe", "good.recipe", cwd=recipes)
    assert "no changes" in same.stdout


def test_fmt_check_and_write(recipes):
    messy = recipes / "messy.recipe"
    messy.write_text("source code{kind=code,path=\"a.jsonl\"}   # keep me\n")
    assert recipec("fmt", "--check", "messy.recipe", cwd=recipes).returncode == 1
    assert recipec("fmt", "messy.recipe", cwd=recipes).returncode == 0
    assert messy.read_text() == 'source code { kind = code, path = "a.jsonl" }  # keep me\n'
    assert recipec("fmt", "--check", "messy.recipe", cwd=recipes).returncode == 0
    broken = recipes / "broken.recipe"
    broken.write_text("source {")
    result = recipec("fmt", "broken.recipe", cwd=recipes)
    assert result.returncode == 1 and "E0102" in result.stderr


def test_explain(recipes):
    result = recipec("explain", "E0604", cwd=recipes)
    assert result.returncode == 0 and "special token" in result.stdout and "Fix:" in result.stdout


def test_params_override(recipes):
    text = GOOD.replace("source code", "param n: int = 5\nsource code").replace(
        "ngram = 5", "ngram = param.n")
    (recipes / "p.recipe").write_text(text)
    result = recipec("compile", "p.recipe", "-p", "n=9", cwd=recipes)
    plan = json.loads(result.stdout)
    step = next(s for s in plan["steps"] if s["id"] == "pipeline.clean/dedup.minhash")
    assert step["params"]["ngram"] == 9
    wrong = recipec("check", "p.recipe", "-p", "n=abc", cwd=recipes)
    assert wrong.returncode == 1 and "E0403" in wrong.stderr
