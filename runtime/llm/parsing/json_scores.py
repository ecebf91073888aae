"""JSON objects in a model's answer, and checklist scores in them.

A judge is asked for one JSON object; models wrap it in a ```json fence, in prose, or both. The
first object that decodes wins (a fenced one before a bare one). Scores must be integers on the
checklist's scale; integral floats (7.0) and digit strings ("7") are accepted as what a model
plainly meant, anything else is a counted failure.
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence

from recipec.runtime.llm.parsing.code_blocks import find_code_blocks
from recipec.runtime.llm.parsing.failures import (INVALID_JSON, MISSING_SCORE, NO_JSON, NOT_AN_INTEGER,
                                                  SCORE_OUT_OF_RANGE, Parsed)

_DECODER = json.JSONDecoder()


def extract_json_object(text: str) -> Parsed[dict]:
    fenced = [b.code for b in find_code_blocks(text) if b.closed and b.language in ("json", "")]
    for candidate in fenced:
        found = _first_object(candidate)
        if found is not None:
            return Parsed(found)
    found = _first_object(text)
    if found is not None:
        return Parsed(found)
    return Parsed.fail(INVALID_JSON if "{" in text else NO_JSON)


def _first_object(text: str) -> dict | None:
    for match in re.finditer(r"\{", text):
        try:
            value, _ = _DECODER.raw_decode(text, match.start())
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None


def _key(name: str) -> str:
    return re.sub(r"[\s_\-&]+", "_", name.strip().lower())


def parse_scores(text: str, items: Sequence[str], *, low: int = 0, high: int = 10) -> Parsed[dict[str, int]]:
    """{item: score} for every item, from the answer's JSON object (or its "scores" member).
    Item names match ignoring case and spaces/underscores/hyphens."""
    parsed = extract_json_object(text)
    if not parsed.ok:
        return parsed
    answer = parsed.value
    if isinstance(answer.get("scores"), dict):
        answer = answer["scores"]
    by_key = {_key(str(name)): value for name, value in answer.items()}
    scores: dict[str, int] = {}
    for item in items:
        if _key(item) not in by_key:
            return Parsed.fail(MISSING_SCORE, item)
        score = _as_integer(by_key[_key(item)])
        if score is None:
            return Parsed.fail(NOT_AN_INTEGER, item)
        if not low <= score <= high:
            return Parsed.fail(SCORE_OUT_OF_RANGE, f"{item} = {score}")
        scores[item] = score
    return Parsed(scores)


def _as_integer(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    return None
