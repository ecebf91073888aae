"""What building a harness gives: the program, the cases left out, or why it could not be built."""
from __future__ import annotations

from dataclasses import dataclass, field

from recipec.runtime.sandbox.languages.base import Program


@dataclass
class Harness:
    program: Program | None  # None when no case can run (every function is missing)
    missing: dict[int, str] = field(default_factory=dict)  # case position -> why it cannot run


class HarnessError(Exception):
    pass


class MissingFunction(HarnessError):
    """The code does not define the function a test calls: the tests fail, the program is wrong."""


class UnsupportedTest(HarnessError):
    """The sandbox cannot express this test in this language: the run is `unavailable`."""


def missing(name: str, detail: str = "") -> MissingFunction:
    return MissingFunction(f"function `{name}` is not defined" + (f" ({detail})" if detail else ""))
