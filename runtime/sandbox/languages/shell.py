"""Shell scripts, run by bash (the recipe calls the language `shell`; SandboxFusion `bash`)."""
from __future__ import annotations

from recipec.runtime.sandbox.languages.base import Interpreted


class Shell(Interpreted):
    name = "shell"
    extension = ".sh"
    tree_sitter = "bash"
    tools = {"interpreter": ("/bin/bash", "bash")}
    oom_markers = ("Cannot allocate memory", "xmalloc: cannot allocate")
    harness = "shell"
