"""The one error type the LLM layer raises for mistakes a user can fix.

A recipe author sees these on one line (what went wrong, where, and a hint), never a traceback:
an unreachable server, a model that is not there, a template variable nobody provided.
"""
from __future__ import annotations


class LLMError(RuntimeError):
    """A user-facing failure of the LLM layer: `message`, an optional `where`, and a `hint`."""

    def __init__(self, message: str, *, hint: str | None = None, where: str | None = None):
        self.message = message
        self.hint = hint
        self.where = where
        super().__init__(self.one_line())

    def one_line(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        return f"{text} (hint: {self.hint})" if self.hint else text
