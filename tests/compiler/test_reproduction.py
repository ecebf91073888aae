"""recipes/qwen25_coder/main.recipe reproduces the seed: checked by value in the compiled IR
and plan, not by keywords in the text."""
from __future__ import annotations

import pytest

from recipec.compiler import compile
from recipec.compiler.schema.languages import LANGUAGES
from tests.compiler.helpers import ROOT

MAIN = ROOT / "recipes" / "qwen25_coder" / "main.recipe"
TINY = ROOT / "recipes" / "qwen25_coder" / "tiny.recipe"
QWEN_TOKENIZER = "std/qwen25_coder:tokenizer.qwen25"


@pytest.fixture(scope="module")
def main():
    ctx = compile(str(MAIN))
    assert not ctx.sink.has_errors, [str(d) for d in ctx.sink.diagnostics]
    return ctx.plan


def test_special_tokens(main):
    tokens = main.recipe.blocks[QWEN_TOKENIZER].special
    ids = {t.text: t.id for t in tokens}
    assert [t.id for t in tokens] == list(range(151643, 151665))
    assert ids["<|endoftext|>"] == 151643 and ids["<|im_start|>"] == 151644
    assert ids["<|im_end|>"] == 151645
    assert [ids[t] for t in ("<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>",
                             "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>")] == \
        [151659, 151660, 151661, 151662, 151663, 151664]
    not_special = {t.text for t in tokens if not t.special}
    assert not_special == {"<tool_call>", "</tool_call>", "<|fim_prefix|>", "<|fim_middle|>",
                           "<|fim_suffix|>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>"}


def test_templates(main):
    fim = main.recipe.blocks["fim.file_fim"]
    assert fim.psm == ("<|fim_prefix|>{prefix}<|fim_suffix|>{suffix}<|fim_middle|>{middle}"
                       "<|endoftext|>")
    assert fim.spm == ("<|fim_prefix|><|fim_suffix|>{suffix}<|fim_middle|>{prefix}{middle}"
                       "<|endoftext|>")
    assert (fim.rate, fim.spm_rate, fim.split, fim.level) == (0.5, 0.5, "char", "context")
    repo = main.recipe.blocks["repo_format.repos"]
    assert repo.header == "<|repo_name|>{repo_name}\n"
    assert repo.file == "<|file_sep|>{path}\n{content}"
    assert repo.fim == "fim.repo_fim"
    ast = main.recipe.blocks["fim.ast_fim"]
    assert (ast.split, ast.ast_share) == ("ast", 0.9)


def _weights_by_kind(main, mixture_id):
    """Component weights grouped by the data kinds of the sources they draw from."""
    blocks = main.recipe.blocks

    def kinds(block_id):
        block = blocks[block_id]
        if block.block_kind == "source":
            return {block.kind}
        inputs = block.input if block.block_kind in ("pipeline", "verify") else ()
        inputs = inputs if isinstance(inputs, tuple) else (inputs,)
        return set().union(*(kinds(i) for i in inputs))

    totals = {}
    for component in blocks[mixture_id].components:
        group = "code" if kinds(component.block) <= {"code", "text_code", "synthetic"} else \
            "/".join(sorted(kinds(component.block)))
        totals[group] = totals.get(group, 0) + component.weight
    return {k: round(v, 6) for k, v in totals.items()}


def test_mixtures(main):
    pretrain = main.recipe.blocks["mixture.pretrain"]
    assert (pretrain.seq_len, pretrain.budget) == (8192, 5_200_000_000_000)
    assert _weights_by_kind(main, "mixture.pretrain") == {"code": 0.7, "text": 0.2, "math": 0.1}
    assert pretrain.tokenizer == QWEN_TOKENIZER
    repo = main.recipe.blocks["mixture.repo_level"]
    assert (repo.seq_len, repo.budget) == (32768, 300_000_000_000)
    repo_component = next(c for c in repo.components if c.repo)
    assert repo_component.repo == "repo_format.repos"


def test_languages_and_cleaning(main):
    step = main.step("pipeline.code_clean/language_id")
    assert len(step.params["keep"]) == 92 == len(set(step.params["keep"]))
    assert tuple(step.params["keep"]) == LANGUAGES  # design.md section 4's names, in its order
    assert {"c++", "c#", "javascript", "shell", "objectc++"} <= set(step.params["keep"])
    rare = main.step("pipeline.code_clean/downsample_rare").params
    assert (rare["share_below"], rare["keep"]) == (0.001, 0.3)
    minhash = main.step("pipeline.code_clean/dedup.minhash").params
    assert (minhash["ngram"], minhash["bands"], minhash["rows"]) == (5, 14, 8)


def test_decontamination(main):
    steps = [s for s in main.steps if s.kind == "decontaminate"]
    assert steps
    for step in steps:
        assert step.params["ngram"] == 10
        assert [b["name"] for b in step.params["benchmarks"]] == \
            ["humaneval", "mbpp", "gsm8k", "math"]
    humaneval = steps[0].params["benchmarks"][0]
    assert humaneval["builtin"] is True


def test_checklist(main):
    checklist = main.recipe.blocks["std/checklist:checklist.code_instruction"]
    assert [i.name for i in checklist.items] == [
        "qa_consistency", "qa_relevance", "qa_difficulty", "code_exists", "code_correctness",
        "code_style", "code_clarity", "code_comments", "easy_to_learn"]
    assert abs(sum(i.weight for i in checklist.items) - 1) < 1e-9
    score = main.step("score.from_github_scored").params
    assert len(score["checklist"]["items"]) == 9
    assert "{{" in score["prompt"]["template"]  # the prompt's text travels with the plan


def test_phases(main):
    order = [s.id for s in main.steps if s.kind == "phase"]
    assert order == ["phase.file_level", "phase.repo_level", "phase.sft_coarse", "phase.sft_fine"]
    file_level = main.step("phase.file_level").params
    repo_level = main.step("phase.repo_level").params
    assert file_level["rope_theta"] == 10000
    assert repo_level["rope_theta"] == 1_000_000
    assert repo_level["yarn"] == {"factor": 4.0, "original_max": 32768}
    assert main.step("phase.repo_level").inputs[1] == "phase.file_level"
    assert main.step("phase.sft_coarse").params["objective"] == "sft"
    fine = main.step("phase.sft_fine").params
    assert (fine["objective"], fine["fim_share"]) == ("fim_sft", 0.2)
    assert main.recipe.blocks["model.coder_7b"].config.hidden_size == 3584


def test_tiny_recipe_is_main_at_small_scale():
    ctx = compile(str(TINY))
    assert not ctx.sink.has_errors, [str(d) for d in ctx.sink.diagnostics]
    tiny = ctx.plan
    assert [s.id for s in tiny.steps if s.kind == "phase"] == \
        ["phase.file_level", "phase.repo_level", "phase.sft_coarse", "phase.sft_fine"]
    assert tiny.recipe.blocks["mixture.pretrain"].seq_len == 512
    assert tiny.recipe.blocks["mixture.repo_level"].seq_len == 2048
    decontaminate = tiny.step("pipeline.code_clean/decontaminate").params
    assert [b["name"] for b in decontaminate["benchmarks"]] == ["humaneval"]
    assert tiny.recipe.blocks["llm.generator"].backend == "transformers"
    # Untouched parts of main.recipe come through unchanged.
    assert tiny.recipe.blocks["fim.file_fim"] == compile(str(MAIN)).plan.recipe.blocks[
        "fim.file_fim"]
