"""Plan keys ignore formatting, comments and declaration order, and change exactly when
something that shapes an output changes (and then for exactly the steps downstream)."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from recipec.compiler.diagnostics.diagnostic import DiagnosticSink
from recipec.compiler.fmt import format_module
from recipec.compiler.parse import parse
from tests.compiler.helpers import compile_text

RECIPE = """\
import "std/qwen25_coder" as qwen
import "std/benchmarks" as bench
param seed: int = 1
build { seed = param.seed, tasks = 2 }
source code { kind = code, path = "code.jsonl.gz", text = "content", tokens = 1B tokens }
source text { kind = text, path = "text.parquet" }
pipeline clean {
  input = source.code
  steps = [language_id(keep = [python, "c++"]), dedup.exact(),
           dedup.minhash(ngram = 5, bands = 14, rows = 8), decontaminate(bench.offline)]
}
fim f { psm = qwen.fim_psm, spm = qwen.fim_spm, rate = 50%, spm_rate = 50% }
mixture pretrain {
  tokenizer = qwen.tokenizer.qwen25
  seq_len = 8Ki
  budget = 100M tokens
  component pipeline.clean { weight = 70%, fim = fim.f }
  component source.text { weight = 30% }
}
model m { tokenizer = qwen.tokenizer.qwen25, config = qwen.size_tiny }
phase p1 { model = model.m, data = mixture.pretrain }
phase p2 { after = phase.p1, data = mixture.pretrain, rope_theta = 1M,
           yarn = { factor = 4, original_max = 32Ki } }
"""


def keys(tmp_path, text, params=None) -> dict[str, str]:
    ctx = compile_text(tmp_path, text, params=params)
    assert not ctx.sink.has_errors, [d.message for d in ctx.sink.diagnostics]
    return {step.id: step.cache_key for step in ctx.plan.steps}


def _module(text):
    return parse(text, "x", DiagnosticSink())


def test_formatting_and_comments_keep_keys(tmp_path):
    base = keys(tmp_path, RECIPE)
    formatted = format_module(_module(RECIPE))
    commented = "# a comment\n" + RECIPE.replace("\n", "   # note\n", 3) + "\n\n# end\n"
    squeezed = RECIPE.replace("\n  ", "\n").replace(" = ", "=")
    for variant in (formatted, commented, squeezed):
        assert keys(tmp_path, variant) == base


@settings(max_examples=15, deadline=None)
@given(st.randoms(use_true_random=False))
def test_declaration_order_keeps_keys(tmp_path_factory, rng: random.Random):
    tmp_path = tmp_path_factory.mktemp("order")
    module = _module(RECIPE)
    blocks = list(module.declarations)
    rng.shuffle(blocks)
    shuffled = format_module(type(module)(module.file, "", tuple(blocks), ()))
    assert keys(tmp_path, shuffled) == keys(tmp_path, RECIPE)


def test_a_changed_parameter_changes_exactly_the_downstream_keys(tmp_path):
    base = keys(tmp_path, RECIPE)
    changed = keys(tmp_path, RECIPE.replace("ngram = 5", "ngram = 7"))
    differ = {step for step in base if base[step] != changed[step]}
    assert differ == {"pipeline.clean/dedup.minhash", "pipeline.clean/decontaminate",
                      "mixture.pretrain/pipeline.clean", "mixture.pretrain", "phase.p1",
                      "phase.p2"}


def test_config_blocks_change_the_steps_that_inline_them(tmp_path):
    base = keys(tmp_path, RECIPE)
    changed = keys(tmp_path, RECIPE.replace("rate = 50%, spm_rate", "rate = 40%, spm_rate"))
    differ = {step for step in base if base[step] != changed[step]}
    assert differ == {"mixture.pretrain/pipeline.clean", "mixture.pretrain", "phase.p1",
                      "phase.p2"}


def test_seed_changes_every_key(tmp_path):
    base = keys(tmp_path, RECIPE)
    seeded = keys(tmp_path, RECIPE, params={"seed": "7"})
    assert all(base[step] != seeded[step] for step in base)
    assert keys(tmp_path, RECIPE, params={"seed": "1"}) == base


def test_declared_sizes_do_not_change_keys(tmp_path):
    assert keys(tmp_path, RECIPE.replace("tokens = 1B tokens", "tokens = 2B tokens")) == \
        keys(tmp_path, RECIPE)


def test_keys_are_sha256_hex(tmp_path):
    for key in keys(tmp_path, RECIPE).values():
        assert len(key) == 64 and int(key, 16) >= 0


def test_keywords_are_whole_words(tmp_path):
    """`nonempty`, `trueish`, `asdf` are names, not `none` / `true` / `as` plus a rest."""
    text = ("let trueish = 1\nlet nonempty = [trueish]\nlet asdf = nonempty\n"
            "let paramount = asdf\nlet letter = paramount\n"
            'source s { kind = code, path = "a.jsonl", text = "x" }\n')
    ctx = compile_text(tmp_path, text, check_only=True)
    assert not ctx.sink.has_errors, [d.message for d in ctx.sink.diagnostics]
