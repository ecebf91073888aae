"""The LLM steps on a local transformers model (the project's tiny model, random weights: its
text is noise, the mechanics are what is checked): batched generation, a second run that makes
zero calls, and a build killed with SIGKILL in the middle of an LLM step that resumes paying
only for the calls it had not committed."""
from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from recipec.runtime.llm.backends.transformers_local import TransformersBackend
from recipec.runtime.steps.llm_steps import CALL_CACHE
from tests.runtime.steps.step_helpers import build, rows, step_dir, write_rows


def _documents(n: int) -> list[dict]:
    return [{"id": f"m{i}.py", "language": "python",
             "text": f"def f{i}(x):\n    y = x * {i}\n    return y + {i}\n"} for i in range(n)]


def _recipe(model, max_tokens=12, batch_size=4) -> str:
    return f'''
import "std/synthesis" as synth
import "std/checklist" as checklists
build {{ seed = 5, tasks = 1 }}
source code {{ kind = code, path = "code/*.jsonl.gz", metadata = ["language"] }}
tokenizer tok {{ path = "{model}/tokenizer.json" }}
llm local {{
  backend = transformers
  model = "{model}"
  batch_size = {batch_size}
  sampling = {{ temperature = 0.8, max_tokens = {max_tokens} }}
}}
snippets snips {{ input = source.code, tokenizer = tokenizer.tok }}
instruction_synthesis inst {{
  input = snippets.snips
  llm = llm.local
  instruction = synth.prompt.instruction_from_snippet
  solution = synth.prompt.solution_from_universal
  languages = [python]
  require_code_block = false  # a random model writes no fences: take its answer as the code
}}
score scored {{
  input = instruction_synthesis.inst
  judge = llm.local
  checklist = checklists.checklist.code_instruction
  prompt = synth.prompt.checklist_judge
  keep_unscored = true
}}
sft_data sft {{ inputs = [score.scored], held_out = 1 docs }}
'''


def test_batches_cache_and_an_sft_dataset_from_a_local_model(tmp_path, tiny_model, monkeypatch):
    batches = []
    original = TransformersBackend._generate_batch

    def spy(self, batch, params):
        batches.append(len(batch))
        return original(self, batch, params)

    monkeypatch.setattr(TransformersBackend, "_generate_batch", spy)
    write_rows(tmp_path / "code" / "a.jsonl.gz", _documents(6))
    result = build(tmp_path, _recipe(tiny_model))
    # instruction (6), solution (6) and judge (6) stages: one call per stage, in batches of 4
    assert batches == [4, 2, 4, 2, 4, 2]
    usage = result.manifests["instruction_synthesis.inst"]["counts"]["llm"]["llm"]
    assert (usage["calls_made"], usage["calls_cached"]) == (12, 0)
    assert usage["completion_tokens"] > 0 and usage["model"] == str(tiny_model)
    judged = result.manifests["score.scored"]["counts"]
    assert judged["parse"]["judge"]["failed"] == 6  # noise is not JSON: counted, kept unscored
    assert judged["docs_out"] == 6
    sft = step_dir(tmp_path, result, "sft_data.sft") / "sft"
    assert len((sft / "train.jsonl").read_text().splitlines()) == 5

    batches.clear()
    again = build(tmp_path, _recipe(tiny_model), force={"instruction_synthesis.inst",
                                                        "score.scored"})
    assert batches == []  # no forward pass at all
    for step_id, role in (("instruction_synthesis.inst", "llm"), ("score.scored", "judge")):
        usage = again.manifests[step_id]["counts"]["llm"][role]
        assert usage["calls_made"] == 0 and usage["calls_cached"] > 0
    assert rows(tmp_path, again, "score.scored") == rows(tmp_path, result, "score.scored")


def _stored(cache) -> int:
    try:
        with sqlite3.connect(f"file:{cache}?mode=ro", uri=True, timeout=5) as db:
            return db.execute("SELECT COUNT(*) FROM calls").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_kill_9_in_an_llm_step_then_resume_pays_only_for_what_was_lost(tmp_path, tiny_model):
    write_rows(tmp_path / "code" / "a.jsonl.gz", _documents(12))
    recipe = _recipe(tiny_model, max_tokens=32, batch_size=2)
    (tmp_path / "r.recipe").write_text(recipe)
    process = subprocess.Popen(
        [sys.executable, "-c", "from recipec.runtime.cli.main import main; main()", "build",
         "r.recipe", "--workdir", "work", "--no-report"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    cache = tmp_path / "work" / CALL_CACHE
    deadline = time.time() + 300
    while time.time() < deadline and process.poll() is None and _stored(cache) < 4:
        time.sleep(0.05)
    assert process.poll() is None, process.stderr.read()
    process.send_signal(signal.SIGKILL)
    process.wait()
    before = _stored(cache)
    assert 4 <= before < 12 + 12  # killed inside instruction_synthesis

    result = build(tmp_path, recipe)
    usage = result.manifests["instruction_synthesis.inst"]["counts"]["llm"]["llm"]
    assert usage["calls_cached"] >= before  # everything committed before the kill is reused
    assert usage["calls_made"] + usage["calls_cached"] == 24  # 12 instructions, 12 solutions
    made = usage["calls_made"] + \
        result.manifests["score.scored"]["counts"]["llm"]["judge"]["calls_made"]
    assert _stored(cache) == before + made  # each call the resumed build made was a new one


def test_the_cache_identity_of_a_model_folder_needs_no_tokenizer(tmp_path, tiny_model):
    """The identity read from the folder's files equals the one the real backend gives, with
    the stdlib template, the tokenizer's own, and an explicit one."""
    import shutil

    from transformers import AutoTokenizer

    from recipec.runtime.llm import LLMConfig, make_backend
    from recipec.runtime.steps.llm_steps.model import _CacheFacingBackend

    with_template = tmp_path / "with-template"
    shutil.copytree(tiny_model, with_template)
    tokenizer = AutoTokenizer.from_pretrained(with_template)
    tokenizer.chat_template = "{% for m in messages %}{{ m.content }}{% endfor %}"
    tokenizer.save_pretrained(with_template)
    for folder, explicit in ((tiny_model, None), (with_template, None),
                             (tiny_model, "qwen2_5_chatml"), (with_template, "qwen2_5_chatml")):
        config = LLMConfig(backend="transformers", model=str(folder), chat_template=explicit)
        cheap = _CacheFacingBackend(config, "folder@x")
        assert cheap.identity()["chat_template"] == make_backend(config).identity()[
            "chat_template"], (folder, explicit)
        assert cheap._inner is None  # nothing was loaded


def test_a_missing_model_folder_is_a_one_line_error(tmp_path, tiny_model):
    from recipec.runtime.build.builder import BuildFailed

    write_rows(tmp_path / "code" / "a.jsonl.gz", _documents(2))
    recipe = _recipe(tiny_model).replace(f'model = "{tiny_model}"', 'model = "./models/none"')
    with pytest.raises(BuildFailed) as failure:
        build(tmp_path, recipe)
    assert failure.value.step_id == "instruction_synthesis.inst"
    assert "./models/none" in str(failure.value) and "does not exist" in str(failure.value)
    assert "\n" not in str(failure.value) and failure.value.hint
