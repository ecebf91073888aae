"""JavaScript on node. V8 reserves gigabytes of address space, so memory is RLIMIT_DATA plus an
old-space cap below it, which turns a memory bomb into V8's own "heap out of memory" error."""
from __future__ import annotations

from recipec.runtime.sandbox.languages.base import Interpreted, Limits, Program

NODE = ("node", "nodejs")
NODE_OOM = ("JavaScript heap out of memory", "Array buffer allocation failed",
            "Invalid array length", "Invalid string length", "Allocation failed")


def node_flags(limits: Limits) -> list[str]:
    heap_mib = max(16, limits.memory * 3 // 4 >> 20)
    return [f"--max-old-space-size={heap_mib}", "--stack-size=8000"]


class JavaScript(Interpreted):
    name = "javascript"
    extension = ".js"
    tree_sitter = "javascript"
    tools = {"interpreter": NODE}
    memory_rlimit = "data"
    oom_markers = NODE_OOM
    harness = "javascript"

    def run_command(self, program: Program, limits: Limits) -> list[str]:
        return [self.toolchain["interpreter"], *node_flags(limits), program.main]
