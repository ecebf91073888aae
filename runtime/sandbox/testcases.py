"""The one test-case format for every language (issue 4): a JSON document the LLM stages generate.

Two kinds of case:
- a function call: `{"function": "add", "args": [1, 2], "expected": 3}` calls `add(1, 2)` in the
  program and compares the returned value, as JSON, with `expected`;
- a whole-program run: `{"stdin": "1 2\\n", "expected_stdout": "3\\n"}` runs the program with that
  input and compares what it prints.

A test file is a list of cases, or `{"cases": [...]}`. The JSON schema (testcases.schema.json,
generated from these models and checked by a test) and docs/sandbox.md describe every field.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import (BaseModel, ConfigDict, Discriminator, Field, RootModel, Tag, TypeAdapter,
                      ValidationError)

SCHEMA_PATH = Path(__file__).with_name("testcases.schema.json")
FUNCTION_NAME = re.compile(r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)?$")
DEFAULT_TOLERANCE = 1e-6


class CallCase(BaseModel):
    """Call a function (or `Class.method`) with JSON arguments; compare the returned value."""

    model_config = ConfigDict(extra="forbid", title="Function call")
    name: str | None = Field(None, description="a label for reports")
    function: str = Field(..., pattern=FUNCTION_NAME.pattern,
                          description="`name`, or `Class.method` (an instance is made with no "
                                      "arguments unless the method is static)")
    args: list[Any] = Field(default_factory=list, description="positional arguments, as JSON values")
    expected: Any = Field(..., description="the expected return value, as JSON (null for none)")
    tolerance: float | None = Field(None, ge=0, description="absolute or relative tolerance for "
                                                            f"numbers (default {DEFAULT_TOLERANCE})")


class StdioCase(BaseModel):
    """Run the whole program with `stdin`; compare its standard output with `expected_stdout`."""

    model_config = ConfigDict(extra="forbid", title="Standard input/output")
    name: str | None = Field(None, description="a label for reports")
    stdin: str = Field("", description="text given on standard input")
    expected_stdout: str = Field(..., description="the expected standard output")
    compare: Literal["exact", "lines", "tokens"] = Field(
        "lines", description="exact: byte for byte; lines (default): ignore trailing spaces on "
                             "each line and trailing blank lines; tokens: compare whitespace-"
                             "separated tokens, numbers within `tolerance`")
    tolerance: float | None = Field(None, ge=0, description="number tolerance for `tokens`")


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "call" if "function" in value else "stdio"
    return "call" if isinstance(value, CallCase) else "stdio"


# A case with `function` is a call, any other a stdin/stdout case: errors then name the fields
# of the kind the author meant, not of both.
Case = Annotated[Union[Annotated[CallCase, Tag("call")], Annotated[StdioCase, Tag("stdio")]],
                 Discriminator(_kind)]


class TestSuite(BaseModel):
    model_config = ConfigDict(extra="forbid", title="Test suite")
    cases: list[Case] = Field(..., description="the test cases, run in order")


class TestFile(RootModel[Union[list[Case], TestSuite]]):
    """A test file: a list of cases, or an object with `cases`."""

    model_config = ConfigDict(title="recipec sandbox test cases")


_CASE_LIST = TypeAdapter(list[Case])


class TestCaseError(ValueError):
    """A test document that does not follow the format; the message says where."""


def parse(data: Any) -> list[Case]:
    """Cases from a parsed JSON value (list, {"cases": [...]}, a JSON string, or already models)."""
    if isinstance(data, (str, bytes)):
        try:
            data = json.loads(data)
        except ValueError as error:
            raise TestCaseError(f"tests are not valid JSON: {error}") from None
    if isinstance(data, list) and all(isinstance(case, (CallCase, StdioCase)) for case in data):
        return list(data)
    try:
        if isinstance(data, dict):
            return TestSuite.model_validate(data).cases
        if isinstance(data, list):
            return _CASE_LIST.validate_python(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"] if part not in ("call", "stdio"))
        raise TestCaseError(f"invalid test cases at {where or '(top level)'}: {first['msg']}") from None
    raise TestCaseError("tests must be a list of cases or an object with `cases`")


def load(path: str | Path) -> list[Case]:
    try:
        text = Path(path).read_text()
    except OSError as error:
        raise TestCaseError(f"cannot read tests {path}: {error.strerror}") from None
    try:
        return parse(text)
    except TestCaseError as error:
        raise TestCaseError(f"{path}: {error}") from None


def json_schema() -> dict:
    schema = TestFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def write_schema(path: Path = SCHEMA_PATH) -> None:
    path.write_text(json.dumps(json_schema(), indent=2) + "\n")
