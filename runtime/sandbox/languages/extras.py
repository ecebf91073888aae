"""Languages beyond the core thirteen, each an apt package away (.ci/install-toolchains.sh).

They run programs and stdin/stdout tests; function-call tests need a harness template, which only
the core languages have (docs/sandbox.md).
"""
from __future__ import annotations

from recipec.runtime.sandbox.languages.base import Interpreted, Language, Limits, Program
from recipec.runtime.sandbox.languages.c import NATIVE_OOM


class Tcl(Interpreted):
    # No static check: the tree-sitter Tcl grammar rejects ordinary scripts (`gets stdin x`).
    name = "tcl"
    extension = ".tcl"
    tools = {"interpreter": ("tclsh", "tclsh8.6")}
    oom_markers = ("unable to alloc",)


class Awk(Interpreted):
    name = "awk"
    extension = ".awk"
    tools = {"interpreter": ("gawk", "mawk", "awk")}
    interpreter_flags = ("-f",)


class Tcsh(Interpreted):
    name = "tcsh"
    extension = ".csh"
    tools = {"interpreter": ("tcsh",)}
    interpreter_flags = ("-f",)


class Sql(Language):
    """SQL scripts against a fresh in-memory SQLite database."""

    name = "sql"
    extension = ".sql"
    tools = {"interpreter": ("sqlite3",)}

    def run_command(self, program: Program, limits: Limits) -> list[str]:
        return [self.toolchain["interpreter"], "-batch", "-bail", ":memory:", f".read {program.main}"]


class Scheme(Interpreted):
    name = "scheme"
    extension = ".scm"
    tree_sitter = "scheme"
    tools = {"interpreter": ("guile", "guile-3.0")}
    interpreter_flags = ("--no-auto-compile", "-s")
    oom_markers = ("out of memory",)


class CommonLisp(Language):
    """SBCL maps its whole dynamic space as writable memory up front, which both RLIMIT_AS and
    RLIMIT_DATA refuse; its heap is bounded by --dynamic-space-size instead (and by the cgroup
    where there is one)."""

    name = "common-lisp"
    extension = ".lisp"
    tree_sitter = "commonlisp"
    tools = {"interpreter": ("sbcl",)}
    memory_rlimit = None
    oom_markers = ("Heap exhausted",)

    def run_command(self, program: Program, limits: Limits) -> list[str]:
        space = max(64, (limits.memory >> 20) * 3 // 4)
        return [self.toolchain["interpreter"], "--dynamic-space-size", f"{space}MB",
                "--script", program.main]


class R(Interpreted):
    name = "r"
    extension = ".R"
    tree_sitter = "r"
    tools = {"interpreter": ("Rscript",)}
    interpreter_flags = ("--vanilla",)
    oom_markers = ("cannot allocate vector",)


class Fortran(Language):
    name = "fortran"
    extension = ".f90"
    tree_sitter = "fortran"
    tools = {"compiler": ("gfortran",)}
    compiled = True
    oom_markers = NATIVE_OOM

    def compile_command(self, program: Program, limits: Limits) -> list[str]:
        return [self.toolchain["compiler"], "-O2", "-pipe", "-o", "build/main", program.main]

    def run_command(self, program: Program, limits: Limits) -> list[str]:
        return ["./build/main"]


class CSharp(Language):
    """C# on Mono: mcs compiles to build/main.exe, mono runs it (RLIMIT_DATA, like the JVM)."""

    name = "c#"
    extension = ".cs"
    tree_sitter = "csharp"
    tools = {"compiler": ("mcs",), "runtime": ("mono",)}
    compiled = True
    memory_rlimit = "data"
    oom_markers = ("OutOfMemoryException",)

    def compile_command(self, program: Program, limits: Limits) -> list[str]:
        return [self.toolchain["compiler"], "-optimize+", "-nologo", "-out:build/main.exe",
                *program.sources]

    def run_command(self, program: Program, limits: Limits) -> list[str]:
        return [self.toolchain["runtime"], "build/main.exe"]

    def env(self, limits: Limits) -> dict[str, str]:
        # Mono writes its config and shared handles under HOME and /tmp; both are tmpfs here.
        return {**super().env(limits), "MONO_GC_PARAMS": f"max-heap-size={limits.memory * 3 // 4}"}


EXTRA_LANGUAGES = (Tcl, Awk, Tcsh, Sql, Scheme, CommonLisp, R, Fortran, CSharp)
