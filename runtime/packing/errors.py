"""The error type of packing and shard reading: bad settings or a damaged shard set."""
from __future__ import annotations


class ShardError(Exception):
    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} (hint: {self.hint})" if self.hint else self.message
