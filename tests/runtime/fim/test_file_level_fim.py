"""File-level FIM: rates, determinism per (seed, document id), split levels, templates."""
from __future__ import annotations

import ast
import random

import numpy as np
import pytest

from recipec.runtime.fim import FileFim, FimConfig, FimError, FimSplitter, SentinelTemplate
from recipec.runtime.fim.segments import added_token_ids

PSM = "<|fim_prefix|>{prefix}<|fim_suffix|>{suffix}<|fim_middle|>{middle}<|endoftext|>"


def test_psm_and_spm_layouts(qwen25_encoder):
    fim = FileFim(qwen25_encoder, FimConfig(rate=1.0, spm_rate=0.5, seed=7))
    text = "def add(a, b):\n    return a + b\n"
    seen = set()
    for doc_id in range(40):
        sample = fim.sample(text, doc_id)
        seen.add(sample.mode)
        [ids] = fim.encode([text], [doc_id])
        pieces = {k: list(qwen25_encoder.encode(v)) for k, v in
                  (("prefix", sample.prefix), ("middle", sample.middle), ("suffix", sample.suffix))}
        if sample.mode == "psm":
            expected = [151659, *pieces["prefix"], 151661, *pieces["suffix"], 151660, *pieces["middle"], 151643]
        else:
            expected = [151659, 151661, *pieces["suffix"], 151660, *pieces["prefix"], *pieces["middle"], 151643]
        assert list(ids) == expected
    assert seen == {"psm", "spm"}


def test_rates_are_honoured(qwen25_encoder):
    splitter = FimSplitter(FimConfig(rate=0.5, spm_rate=0.25, seed=1))
    modes = [splitter.sample("some text\n" * 5, doc_id).mode for doc_id in range(4000)]
    fim_share = 1 - modes.count(None) / len(modes)
    spm_share = modes.count("spm") / (len(modes) - modes.count(None))
    assert 0.46 < fim_share < 0.54
    assert 0.21 < spm_share < 0.29


def test_a_document_s_draw_depends_only_on_seed_and_id(qwen25_encoder, stdlib_sources):
    texts = [text for _, text in stdlib_sources[:30]]
    ids = [path for path, _ in stdlib_sources[:30]]
    fim = FileFim(qwen25_encoder, FimConfig(rate=0.5, seed=11))
    forward = fim.encode(texts, ids)
    backward = FileFim(qwen25_encoder, FimConfig(rate=0.5, seed=11)).encode(texts[::-1], ids[::-1])[::-1]
    one_by_one = [FileFim(qwen25_encoder, FimConfig(rate=0.5, seed=11)).encode([t], [i])[0] for t, i in zip(texts, ids)]
    assert all(np.array_equal(a, b) and np.array_equal(a, c) for a, b, c in zip(forward, backward, one_by_one))
    other_seed = FileFim(qwen25_encoder, FimConfig(rate=0.5, seed=12)).encode(texts, ids)
    assert any(not np.array_equal(a, b) for a, b in zip(forward, other_seed))


def test_line_split_takes_whole_lines():
    splitter = FimSplitter(FimConfig(rate=1.0, split="line", seed=3))
    text = "a = 1\nb = 2\nc = 3\nd = 4"
    middles = set()
    for doc_id in range(200):
        sample = splitter.sample(text, doc_id)
        line_starts_and_end = {0, 6, 12, 18, len(text)}
        assert len(sample.prefix) in line_starts_and_end
        assert len(sample.prefix + sample.middle) in line_starts_and_end
        middles.add(sample.middle)
    assert "b = 2\nc = 3\n" in middles and splitter.stats["split_line"] == 200


def _parses_alone(middle: str, column: int) -> bool:
    """A whole expression, statement, block or function compiles on its own once dedented."""
    lines = middle.split("\n")
    dedented = "\n".join([lines[0]] + [line[min(column, len(line) - len(line.lstrip())):] for line in lines[1:]])
    for candidate in (dedented, f"with {dedented}: pass"):  # a `with` item is not a statement
        try:
            ast.parse(candidate)
            return True
        except SyntaxError:
            continue
    return False


def test_ast_split_takes_whole_syntax_nodes(stdlib_sources):
    splitter = FimSplitter(FimConfig(rate=1.0, split="ast", ast_share=1.0, seed=5))
    text = dict(stdlib_sources).get("colorsys.py", stdlib_sources[0][1])
    for doc_id in range(80):
        sample = splitter.sample(text, doc_id, "python")
        column = len(sample.prefix) - (sample.prefix.rfind("\n") + 1)
        assert sample.middle and _parses_alone(sample.middle, column), sample.middle
    assert splitter.stats["split_ast"] == 80
    # character spans, by contrast, mostly do not parse
    chars = FimSplitter(FimConfig(rate=1.0, split="char", seed=5))
    samples = [chars.sample(text, doc_id) for doc_id in range(80)]
    assert sum(_parses_alone(s.middle, 0) for s in samples if len(s.middle) > 20) < 20


def test_ast_split_mixes_in_char_spans_and_counts_fallbacks():
    splitter = FimSplitter(FimConfig(rate=1.0, split="ast", ast_share=0.9, seed=2))
    for doc_id in range(300):
        splitter.sample("x = compute(1, 2)\nprint(x)\n", doc_id, "python")
    for doc_id in range(10):
        splitter.sample("set x = 1\n", doc_id, "tcsh")  # no grammar for tcsh
    stats = splitter.stats
    assert 240 < stats["split_ast"] < 300 and stats["split_char_by_mix"] > 10
    assert 0 < stats["ast_fallback:no_grammar:tcsh"] <= 10
    assert stats["split_char"] == 310 - stats["split_ast"]


def test_non_ascii_ast_spans_are_in_code_points():
    splitter = FimSplitter(FimConfig(rate=1.0, split="ast", ast_share=1.0, seed=9))
    text = "s = 'héllo wörld ☃'\nt = len(s)\n"
    for doc_id in range(30):
        sample = splitter.sample(text, doc_id, "python")
        assert sample.document == text
        assert sample.middle in {"s = 'héllo wörld ☃'", "t = len(s)", "len(s)"}


def test_unknown_sentinel_in_a_template_is_refused(qwen25_encoder):
    with pytest.raises(FimError, match="`<\\|fim_prefx\\|>`, which is not an added token"):
        FileFim(qwen25_encoder, FimConfig(psm=PSM.replace("fim_prefix", "fim_prefx")))


def test_placeholders_must_appear_once(qwen25_tokenizer):
    sentinels = added_token_ids(qwen25_tokenizer)
    with pytest.raises(FimError, match=r"must use \{middle\} exactly once, not 0 times"):
        SentinelTemplate("<|fim_prefix|>{prefix}<|fim_suffix|>{suffix}", ("prefix", "middle", "suffix"), sentinels)
    with pytest.raises(FimError, match=r"\{prefix\} exactly once, not 2 times"):
        SentinelTemplate("{prefix}{prefix}{middle}{suffix}", ("prefix", "middle", "suffix"), sentinels)


def test_bad_settings_are_refused():
    with pytest.raises(FimError, match="rate 1.5 is outside"):
        FimConfig(rate=1.5)
    with pytest.raises(FimError, match="split `token` is unknown"):
        FimConfig(split="token")


def test_spm_template_is_needed_only_when_spm_is_drawn(qwen25_encoder):
    fim = FileFim(qwen25_encoder, FimConfig(spm=None, spm_rate=0.0, rate=1.0))
    assert set(fim.templates) == {"psm"} and fim.sample("abc", 1).mode == "psm"
    with pytest.raises(FimError, match="spm_rate is 0.5 but no SPM template"):
        FimConfig(spm=None)


def test_missing_end_token_is_refused(qwen25_encoder):
    with pytest.raises(FimError, match="`</s>` is not a single token"):
        FileFim(qwen25_encoder, None, end_of_document="</s>")


def test_every_declared_grammar_loads_offline():
    from recipec.compiler.schema.languages import LANGUAGES
    from recipec.runtime.fim.ast_spans import GRAMMARS, AstSpanPicker

    assert set(GRAMMARS) <= set(LANGUAGES)  # keyed by the recipe's own language names
    picker = AstSpanPicker()
    for language in sorted(GRAMMARS):
        _, reason = picker.pick("x = f(1)\n", language, random.Random(0))
        assert reason in ("ok", "no_node"), (language, reason)
    assert len(GRAMMARS) == 64
