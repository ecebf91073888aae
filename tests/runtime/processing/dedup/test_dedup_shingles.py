"""Our fast shingles must be exactly datatrove's (simplify_text + whitespace words + xxh64)."""
from __future__ import annotations

import xxhash
from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupSignature
from datatrove.utils.text import TextNormConfig, ngrams, simplify_text
from dedup_helpers import stdlib_python_files
from hypothesis import given, settings
from hypothesis import strategies as st

from recipec.runtime.processing.dedup.shingles import (
    WhitespaceWordTokenizer,
    normalized_words,
    shingle_hashes,
    word_ngrams,
)

# Text with the characters that matter: ASCII code, digits with separators, accents, combining
# marks, non-Latin scripts, odd whitespace and control characters.
code_like = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("abcXYZ_019 .,;:()[]{}<>=+-*/#'\"\t\n\r\x0b\x0c\x1c\x1f\x85\xa0")),
        st.sampled_from(list("éÉçñüßØ\u0301\u0308\u0663\u066b\u2003\u3000\u4e2d\u05d0\u2028")),
        st.characters(),
    ),
    max_size=200,
)


@settings(max_examples=400, deadline=None)
@given(code_like)
def test_normalized_words_equal_simplify_text_then_split(text):
    assert normalized_words(text) == [w.encode("utf-8", "surrogatepass") for w in simplify_text(text).split()]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=200))
def test_ascii_fast_path_equals_simplify_text(text):
    assert normalized_words(text) == [w.encode() for w in simplify_text(text).split()]


@settings(max_examples=100, deadline=None)
@given(code_like, st.booleans(), st.booleans(), st.booleans(), st.booleans(), st.booleans())
def test_normalized_words_follow_the_config(text, lowercase, numbers, punctuation, diacritics, weekdays):
    config = TextNormConfig(
        lowercase=lowercase,
        norm_numbers=numbers,
        remove_punctuation=punctuation,
        norm_unicode_diacritics=diacritics,
        norm_weekdays=weekdays,
    )
    expected = [w.encode("utf-8", "surrogatepass") for w in simplify_text(text, config).split()]
    assert normalized_words(text, config) == expected


def test_diacritics_are_stripped_and_digits_normalised():
    words = normalized_words("Crème brûlée costs 12.50 €, x1 = y2")
    assert [w.decode() for w in words] == ["creme", "brulee", "costs", "0", "€", "x0", "y0"]
    assert normalized_words("Costs 12.50, x1 = y2;") == [b"costs", b"0", b"x0", b"y0"]


@given(st.lists(st.binary(min_size=1, max_size=3), max_size=12), st.integers(1, 6))
def test_word_ngrams_match_datatrove_ngrams(words, n):
    assert word_ngrams(words, n) == [b" ".join(g) for g in ngrams(words, n)]


def test_shingle_hashes_are_datatrove_shingles_on_real_code():
    stock = MinhashDedupSignature("memory://unused", config=MinhashConfig(n_grams=5), language=WhitespaceWordTokenizer())
    for text in stdlib_python_files(20):
        ours = shingle_hashes(text, 5)
        assert ours.tolist() == stock.get_shingles(text).ravel().tolist()
        assert len(ours) > 100


def test_shingles_are_xxh64_of_joined_ngrams():
    assert shingle_hashes("Def f(x): return X", 2).tolist() == [
        xxhash.xxh64_intdigest(g) for g in ["def f", "f x", "x return", "return x"]
    ]


def test_too_few_words_give_no_shingles():
    assert shingle_hashes("one two three", 5).size == 0


def test_whitespace_tokenizer_spans_cover_nonblank_lines():
    tok = WhitespaceWordTokenizer()
    text = "a b\n\n  c\n"
    assert tok.word_tokenize(text) == ["a", "b", "c"]
    assert [text[s:e] for s, e in tok.span_tokenize(text)] == ["a b", "  c"]
