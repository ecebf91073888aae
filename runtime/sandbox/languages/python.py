"""Python 3: the system interpreter (never a virtualenv's or pyenv's: those live in homes)."""
from __future__ import annotations

from recipec.runtime.sandbox.languages.base import Interpreted, Limits


class Python(Interpreted):
    name = "python"
    extension = ".py"
    tree_sitter = "python"
    tools = {"interpreter": ("/usr/bin/python3", "python3")}
    interpreter_flags = ("-B",)  # no .pyc files in the work folder
    oom_markers = ("MemoryError",)
    harness = "python"

    def env(self, limits: Limits) -> dict[str, str]:
        return {**super().env(limits), "PYTHONIOENCODING": "utf-8", "PYTHONHASHSEED": "0"}
