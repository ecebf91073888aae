"""The one error type of this package: a mistake a user can fix, told in one line.

The build turns it into a diagnostic naming the step; the message must already say what is
wrong and where (the file, the token, the hub name) and `hint` how to fix it.
"""
from __future__ import annotations


class TokenizerError(Exception):
    """A tokenizer could not be built, loaded or trained because of the user's input."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} (hint: {self.hint})" if self.hint else self.message
