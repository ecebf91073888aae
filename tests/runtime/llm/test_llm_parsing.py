"""Parsing model outputs: code blocks by language, JSON scores, and failures counted by reason."""
from __future__ import annotations

import pytest

from recipec.runtime.llm.parsing import (ParseFailures, extract_code, extract_json_object, find_code_blocks,
                                         normalise_language, parse_scores)

ANSWER = """Here is the solution.

```py
def add(a, b):
    return a + b
```

And a usage example:

```python
print(add(1, 2))
```

```js
const add = (a, b) => a + b;
```
"""


def test_blocks_are_found_with_their_tags():
    blocks = find_code_blocks(ANSWER)
    assert [(b.tag, b.language, b.closed) for b in blocks] == [
        ("py", "python", True), ("python", "python", True), ("js", "javascript", True)]
    assert blocks[0].code == "def add(a, b):\n    return a + b"


def test_the_longest_block_in_the_asked_language_wins():
    assert extract_code(ANSWER, "python").value == "def add(a, b):\n    return a + b"
    assert extract_code(ANSWER, "javascript").value == "const add = (a, b) => a + b;"
    assert extract_code(ANSWER, "js").value == "const add = (a, b) => a + b;"


@pytest.mark.parametrize("tag, name", [("cpp", "c++"), ("C++", "c++"), ("csharp", "c#"), ("bash", "shell"),
                                       ("golang", "go"), ("rs", "rust"), ("ts", "typescript"),
                                       ("{.python}", "python"), ("haskell", "haskell")])
def test_fence_tags_map_to_recipe_language_names(tag, name):
    assert normalise_language(tag) == name


def test_an_untagged_block_serves_any_language():
    assert extract_code("```\nputs 1\n```", "ruby").value == "puts 1"


def test_tildes_and_longer_fences():
    text = "~~~~rust\nfn main() {}\n```\nnot a close\n~~~~\n"
    assert extract_code(text, "rust").value == "fn main() {}\n```\nnot a close"


@pytest.mark.parametrize("text, language, reason", [
    ("no code at all", "python", "no_code_block"),
    ("```python\ndef f(:\n", "python", "unterminated_code_block"),
    ("```java\nclass A {}\n```", "python", "wrong_language"),
    ("```python\n\n```", "python", "empty_code_block"),
])
def test_failures_have_reasons(text, language, reason):
    outcome = extract_code(text, language)
    assert not outcome.ok and outcome.value is None and outcome.failure == reason


def test_failures_are_counted_by_reason():
    counts = ParseFailures()
    for text in ["```python\nx = 1\n```", "nothing", "nothing either", "```go\nx\n```"]:
        counts.record(extract_code(text, "python"))
    assert counts.to_dict() == {"parsed": 1, "failed": 3,
                                "by_reason": {"no_code_block": 2, "wrong_language": 1}}
    merged = counts + counts
    assert merged.parsed == 2 and merged.by_reason["no_code_block"] == 4


ITEMS = ["qa_consistency", "code_correctness"]


@pytest.mark.parametrize("text", [
    '{"qa_consistency": 7, "code_correctness": 9}',
    'Sure! Here are my scores:\n```json\n{"qa_consistency": 7, "code_correctness": 9}\n```\nThanks.',
    'Scores: {"scores": {"QA Consistency": 7.0, "code-correctness": "9"}} as asked.',
    'I think {this} is fine. {"qa_consistency": 7, "code_correctness": 9, "extra": 1}',
])
def test_scores_from_json_in_many_wrappings(text):
    assert parse_scores(text, ITEMS).value == {"qa_consistency": 7, "code_correctness": 9}


@pytest.mark.parametrize("text, reason, detail", [
    ("no json here", "no_json", ""),
    ('{"qa_consistency": 7, "code_correctness": }', "invalid_json", ""),
    ('{"qa_consistency": 7}', "missing_score", "code_correctness"),
    ('{"qa_consistency": 7, "code_correctness": "high"}', "not_an_integer", "code_correctness"),
    ('{"qa_consistency": 7.5, "code_correctness": 9}', "not_an_integer", "qa_consistency"),
    ('{"qa_consistency": true, "code_correctness": 9}', "not_an_integer", "qa_consistency"),
    ('{"qa_consistency": 11, "code_correctness": 9}', "score_out_of_range", "qa_consistency = 11"),
    ('{"qa_consistency": -1, "code_correctness": 9}', "score_out_of_range", "qa_consistency = -1"),
])
def test_score_failures_have_reasons(text, reason, detail):
    outcome = parse_scores(text, ITEMS)
    assert (outcome.failure, outcome.detail) == (reason, detail)


def test_scale_is_configurable():
    assert parse_scores('{"a": 4}', ["a"], high=5).ok
    assert parse_scores('{"a": 6}', ["a"], high=5).failure == "score_out_of_range"


def test_a_fenced_object_wins_over_a_bare_one():
    text = 'Example format {"a": 1}\n```json\n{"a": 2}\n```'
    assert extract_json_object(text).value == {"a": 2}
