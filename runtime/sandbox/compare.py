"""How an actual answer is compared with the expected one, the same way for every language.

Harnesses only serialise what a function returned as JSON; the comparison happens here, so a
float, a tuple or a set is judged identically whether it came from Python, Java or Rust.
"""
from __future__ import annotations

import math
from typing import Any

from recipec.runtime.sandbox.testcases import DEFAULT_TOLERANCE


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def numbers_close(actual: float, expected: float, tolerance: float) -> bool:
    if isinstance(actual, int) and isinstance(expected, int):
        return actual == expected
    if math.isnan(expected) or math.isnan(actual):
        return math.isnan(expected) and math.isnan(actual)
    if math.isinf(expected) or math.isinf(actual):
        return actual == expected
    return abs(actual - expected) <= max(tolerance, tolerance * abs(expected))


def _loose_scalar(actual: Any, expected: Any, tolerance: float) -> bool:
    """Stringly languages (shell, Perl) may hand back "3" for 3 or "1" for true."""
    if not isinstance(actual, str) or isinstance(expected, (list, dict, str)):
        return False
    if expected is None:
        return actual == ""
    if isinstance(expected, bool):
        return actual.strip().lower() in (("true", "1") if expected else ("false", "0", ""))
    try:
        return numbers_close(float(actual.strip()), float(expected), tolerance)
    except ValueError:
        return False


def values_equal(actual: Any, expected: Any, tolerance: float | None = None, *,
                 loose: bool = False) -> bool:
    """JSON equality, numbers within tolerance (absolute, or relative for large values)."""
    tolerance = DEFAULT_TOLERANCE if tolerance is None else tolerance
    if _is_number(actual) and _is_number(expected):
        return numbers_close(actual, expected, tolerance)
    if isinstance(actual, bool) or isinstance(expected, bool):
        if isinstance(actual, bool) and isinstance(expected, bool):
            return actual == expected
        return loose and _loose_scalar(actual, expected, tolerance)
    if isinstance(actual, list) and isinstance(expected, list):
        return len(actual) == len(expected) and all(
            values_equal(a, e, tolerance, loose=loose) for a, e in zip(actual, expected))
    if isinstance(actual, dict) and isinstance(expected, dict):
        return actual.keys() == expected.keys() and all(
            values_equal(actual[key], expected[key], tolerance, loose=loose) for key in expected)
    if actual == expected and type(actual) is type(expected):
        return True
    return loose and _loose_scalar(actual, expected, tolerance)


def _lines(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _tokens_equal(actual: str, expected: str, tolerance: float) -> bool:
    got, want = actual.split(), expected.split()
    if len(got) != len(want):
        return False
    for a, e in zip(got, want):
        if a == e:
            continue
        try:
            if not numbers_close(float(a), float(e), tolerance):
                return False
        except ValueError:
            return False
    return True


def stdout_matches(actual: str, expected: str, mode: str = "lines",
                   tolerance: float | None = None) -> bool:
    if mode == "exact":
        return actual == expected
    if mode == "tokens":
        return _tokens_equal(actual, expected, DEFAULT_TOLERANCE if tolerance is None else tolerance)
    return _lines(actual) == _lines(expected)
