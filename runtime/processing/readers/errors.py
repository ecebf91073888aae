"""The one error a reader raises for a problem the user can fix (a wrong path, a missing split)."""
from __future__ import annotations


class InputSourceError(ValueError):
    """An input source cannot be read as configured. The message is one line: what, where, and a hint."""
