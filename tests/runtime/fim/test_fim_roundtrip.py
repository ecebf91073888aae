"""Property tests: undoing file-level FIM gives back the document; sentinels are single ids."""
from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recipec.runtime.fim import QWEN25_PSM, QWEN25_SPM, FileFim, FimConfig, RepoFormat, undo_fim
from recipec.runtime.fim.segments import SentinelTemplate, added_token_ids

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SENTINEL_TEXTS = ["<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>", "<|endoftext|>",
                  "<|repo_name|>", "<|file_sep|>", "<|im_start|>"]

# Code-like text, any Unicode, and text sprinkled with sentinel spellings a file might contain.
code_text = st.text(alphabet=st.sampled_from(list("abcxyz_019 \t\n\r(){}[]:;.,'\"#=+-*/<>|\\")), max_size=300)
any_text = st.text(max_size=200)
sentinel_text = st.lists(st.one_of(st.sampled_from(SENTINEL_TEXTS), st.text(max_size=20)), max_size=12).map("".join)
# Base letters and combining marks (Latin, Hangul jamo): NFC composes them, so a cut between
# them is where piece-by-piece encoding could disagree with the normalised whole.
combining_text = st.lists(st.sampled_from(["e", "\u0301", "a", "\u0308", "A\u030a", "\u1100", "\u1161", "\u11a8",
                                           " ", "\n", "x"]), max_size=40).map("".join)
documents = st.one_of(code_text, any_text, sentinel_text, combining_text)


@SETTINGS
@given(document=documents, seed=st.integers(0, 2**32), document_id=st.integers(0, 10**9),
       spm_rate=st.sampled_from([0.0, 0.5, 1.0]), split=st.sampled_from(["char", "line"]))
def test_undoing_fim_returns_the_document(qwen25_encoder, document, seed, document_id, spm_rate, split):
    fim = FileFim(qwen25_encoder, FimConfig(rate=1.0, spm_rate=spm_rate, split=split, seed=seed))
    sample = fim.sample(document, document_id)
    normal = unicodedata.normalize("NFC", document)
    assert sample.mode in ("psm", "spm") and sample.document == normal
    [ids] = fim.encode([document], [document_id])
    assert undo_fim(ids, qwen25_encoder, [fim.templates["spm"], fim.templates["psm"]], fim.end_id) == normal


@SETTINGS
@given(document=documents, seed=st.integers(0, 2**32))
def test_plain_documents_undo_too(qwen25_encoder, document, seed):
    fim = FileFim(qwen25_encoder, FimConfig(rate=0.0, seed=seed))
    [ids] = fim.encode([document], ["doc"])
    assert int(ids[-1]) == fim.end_id
    assert undo_fim(ids, qwen25_encoder, list(fim.templates.values()), fim.end_id) == unicodedata.normalize("NFC", document)


@SETTINGS
@given(document=sentinel_text, seed=st.integers(0, 2**32), document_id=st.text(max_size=10))
def test_control_ids_appear_only_where_the_template_puts_them(qwen25_encoder, document, seed, document_id):
    fim = FileFim(qwen25_encoder, FimConfig(rate=1.0, spm_rate=0.5, seed=seed))
    sample = fim.sample(document, document_id)
    [ids] = fim.encode([document], [document_id])
    control = [int(i) for i in ids if i >= 151643]
    assert control == fim.templates[sample.mode].sentinel_ids


def test_every_sentinel_is_a_single_id_of_the_real_tokenizer(qwen25_tokenizer, qwen25_encoder):
    sentinels = added_token_ids(qwen25_tokenizer)
    texts = set()
    repo = RepoFormat()
    for template, names in [(QWEN25_PSM, ("prefix", "middle", "suffix")), (QWEN25_SPM, ("prefix", "middle", "suffix")),
                            (repo.header, ("repo_name",)), (repo.file, ("path", "content")), (repo.end, ())]:
        parsed = SentinelTemplate(template, names, sentinels)
        assert parsed.sentinel_ids, template
        texts.update(qwen25_tokenizer.id_to_token(i) for i in parsed.sentinel_ids)
    texts.add("<|fim_pad|>")
    assert texts == {"<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>", "<|endoftext|>",
                     "<|repo_name|>", "<|file_sep|>"}
    for text in texts:
        token_id = qwen25_encoder.added_token_id(text)
        assert token_id is not None and qwen25_tokenizer.encode(text, add_special_tokens=False).ids == [token_id]


@SETTINGS
@given(sentinel=st.sampled_from(SENTINEL_TEXTS))
def test_sentinels_property(qwen25_tokenizer, qwen25_encoder, sentinel):
    token_id = qwen25_encoder.added_token_id(sentinel)
    assert qwen25_tokenizer.encode(sentinel, add_special_tokens=False).ids == [token_id]
    assert token_id not in qwen25_encoder.encode(sentinel)  # as document text it is ordinary bytes
