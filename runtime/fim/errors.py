"""The error type of the FIM and repo-format code: a template or setting the user can fix."""
from __future__ import annotations


class FimError(Exception):
    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} (hint: {self.hint})" if self.hint else self.message
