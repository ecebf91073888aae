"""The error type of the FIM and repo-format code: a template or setting the user can fix."""
from __future__ import annotations

from recipec.runtime.hinted_error import HintedError


class FimError(HintedError):
    pass
