"""C, compiled by gcc (or clang) into build/main."""
from __future__ import annotations

from recipec.runtime.sandbox.languages.base import Language, Limits, Program

NATIVE_OOM = ("Cannot allocate memory", "out of memory", "std::bad_alloc")


class C(Language):
    name = "c"
    extension = ".c"
    tree_sitter = "c"
    tools = {"compiler": ("gcc", "cc", "clang")}
    compiled = True
    oom_markers = NATIVE_OOM
    harness = "c"
    flags = ("-O2", "-std=gnu17", "-pipe")
    libraries = ("-lm",)

    def compile_command(self, program: Program, limits: Limits) -> list[str]:
        return [self.toolchain["compiler"], *self.flags, "-o", "build/main", program.main,
                *self.libraries]

    def run_command(self, program: Program, limits: Limits) -> list[str]:
        return ["./build/main"]
