"""Ruby (MRI)."""
from __future__ import annotations

from recipec.runtime.sandbox.languages.base import Interpreted, Limits


class Ruby(Interpreted):
    name = "ruby"
    extension = ".rb"
    tree_sitter = "ruby"
    tools = {"interpreter": ("ruby",)}
    interpreter_flags = ("--disable-gems",)  # no gem paths in homes; stdlib only
    oom_markers = ("NoMemoryError", "failed to allocate memory")
    harness = "ruby"

    def env(self, limits: Limits) -> dict[str, str]:
        return {**super().env(limits), "RUBYOPT": ""}
