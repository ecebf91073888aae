"""The base of the runtime's user-facing error types: a mistake the user can fix, in one line."""
from __future__ import annotations


class HintedError(Exception):
    """`message` says what is wrong and where, `hint` how to fix it. `str()` carries the hint
    along: these are raised inside datatrove's workers too, whose logs keep only the text."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} (hint: {self.hint})" if self.hint else self.message
