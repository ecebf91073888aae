"""The test-case format, its JSON schema, and how answers are compared."""
from __future__ import annotations

import json

import pytest

from recipec.runtime.sandbox import testcases
from recipec.runtime.sandbox.compare import stdout_matches, values_equal


def test_schema_file_matches_the_models():
    on_disk = json.loads(testcases.SCHEMA_PATH.read_text())
    assert on_disk == json.loads(json.dumps(testcases.json_schema()))


def test_both_kinds_and_both_shapes_parse():
    cases = [{"function": "f", "args": [1], "expected": 2},
             {"stdin": "1\n", "expected_stdout": "2\n", "compare": "tokens"}]
    assert testcases.parse(cases) == testcases.parse({"cases": cases})
    parsed = testcases.parse(json.dumps(cases))
    assert isinstance(parsed[0], testcases.CallCase) and isinstance(parsed[1], testcases.StdioCase)
    assert parsed[1].compare == "tokens"


@pytest.mark.parametrize("document,where", [
    ([{"function": "f", "args": []}], "0"),  # no expected value
    ([{"stdin": "x"}], "0"),  # no expected output
    ({"cases": [{"function": "f; rm -rf /", "expected": 1}]}, "cases.0"),
    ([{"function": "f", "expected": 1, "extra": True}], "0"),
    ("not json", None),
])
def test_invalid_documents_are_refused_with_a_location(document, where):
    with pytest.raises(testcases.TestCaseError) as error:
        testcases.parse(document)
    if where is not None:
        assert where in str(error.value)


def test_a_missing_tests_file_is_a_clear_error(tmp_path):
    with pytest.raises(testcases.TestCaseError, match="cannot read tests"):
        testcases.load(tmp_path / "nope.json")


@pytest.mark.parametrize("actual,expected,equal", [
    (3, 3, True), (3.0, 3, True), (0.1 + 0.2, 0.3, True), (1.0, 1.1, False),
    (True, 1, False), ([1, [2]], [1, [2]], True), ([1, 2], [2, 1], False),
    ({"a": 1}, {"a": 1.0}, True), ({"a": 1}, {"b": 1}, False), ("3", 3, False),
    (None, None, True), (float("nan"), float("nan"), True), (1e18, 1e18 + 1, True),
])
def test_values_equal(actual, expected, equal):
    assert values_equal(actual, expected) is equal


def test_loose_scalars_for_stringly_languages():
    assert values_equal("3", 3, loose=True) and values_equal("1", True, loose=True)
    assert values_equal("", None, loose=True)
    assert not values_equal("3", 4, loose=True)


def test_tolerance_is_per_case():
    assert values_equal(1.05, 1.0, 0.1) and not values_equal(1.05, 1.0, 0.01)


@pytest.mark.parametrize("actual,expected,mode,match", [
    ("1 2\n", "1 2\n", "exact", True), ("1 2", "1 2\n", "exact", False),
    ("1 2  \n\n\n", "1 2\n", "lines", True), ("1\n2\n", "1 2\n", "lines", False),
    ("1\n2\n", "1 2\n", "tokens", True), ("0.3333333 x", "0.33333333 x", "tokens", True),
    ("0.34", "0.33", "tokens", False),
])
def test_stdout_matching(actual, expected, mode, match):
    assert stdout_matches(actual, expected, mode) is match
