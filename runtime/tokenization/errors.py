"""The one error type of this package: a mistake a user can fix, told in one line.

The build turns it into a diagnostic naming the step; the message must already say what is
wrong and where (the file, the token, the hub name) and `hint` how to fix it.
"""
from __future__ import annotations

from recipec.runtime.hinted_error import HintedError


class TokenizerError(HintedError):
    """A tokenizer could not be built, loaded or trained because of the user's input."""
