"""What the sandbox needs to know about a language: its toolchain, how to build and run a program.

A `Language` turns a `Program` (source files, all relative to the sandbox's work folder) into
argv lists. Builds write into `build/`, which the compile step gets as a writable bind and every
later run as a read-only bind of the compile cache entry (compile_cache.py). Every path the
commands use is relative to the work folder, so they mean the same thing in every run.

Memory semantics differ by runtime, so each language names the rlimit it can live with
(`memory_rlimit`): an address-space limit (RLIMIT_AS) gives the cleanest failure for C, Python
and friends, but breaks the JVM, node and Go, which reserve large virtual ranges up front; those
get RLIMIT_DATA (which ignores PROT_NONE reservations) plus their own heap flag. The cgroup memory
limit, where the machine allows one, applies to all of them alike.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from recipec.runtime.sandbox.limits import Limits
from recipec.runtime.sandbox.toolchains import Toolchain, resolve

INSTALL_HINT = "install it with .ci/install-toolchains.sh"
BASE_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "HOME": "/work",
    "TMPDIR": "/tmp",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
}


@dataclass
class Program:
    """The files of one program in the sandbox's work folder."""

    files: dict[str, bytes]
    main: str  # the file that is run, or compiled first
    entry: str | None = None  # a class to run, for languages that run one (Java)
    sources: list[str] = field(default_factory=list)  # every file the compiler is given
    extra_files: dict[str, bytes] = field(default_factory=dict)  # inputs beside the sources

    def __post_init__(self) -> None:
        if not self.sources:
            self.sources = [self.main]


class Language:
    name: str = ""  # the recipe's name (design.md section 4)
    extension: str = ""
    tree_sitter: str | None = None  # grammar for the static check, when it is trustworthy
    memory_rlimit: str | None = "as"
    # Added to the memory rlimit (not to the cgroup limit): runtimes whose thread stacks and
    # code caches count as data need room to start at all; their heap flag bounds the heap.
    rlimit_headroom: int = 0
    oom_markers: tuple[str, ...] = ()
    tools: dict[str, tuple[str, ...]] = {}
    compiled: bool = False
    harness: str | None = None  # template name under harness/templates, for function tests

    # -- toolchain ---------------------------------------------------------------------------
    @functools.cached_property
    def toolchain(self) -> Toolchain:
        return self.find_toolchain()

    def find_toolchain(self) -> Toolchain:
        return resolve(self.tools, INSTALL_HINT)

    # -- programs ----------------------------------------------------------------------------
    def source_name(self, code: str) -> str:
        return f"main{self.extension}"

    def prepare(self, code: str) -> Program:
        """The user's code as a program of its own (no tests, or stdin/stdout tests)."""
        name = self.source_name(code)
        return Program({name: code.encode()}, main=name)

    def compile_command(self, program: Program, limits: Limits) -> list[str] | None:
        return None

    def run_command(self, program: Program, limits: Limits) -> list[str]:
        raise NotImplementedError

    def env(self, limits: Limits) -> dict[str, str]:
        return dict(BASE_ENV)

    def compile_env(self, limits: Limits) -> dict[str, str]:
        return self.env(limits)

    def is_out_of_memory(self, stderr: str) -> bool:
        return any(marker in stderr for marker in self.oom_markers)

    def __repr__(self) -> str:
        return f"<Language {self.name}>"


class Interpreted(Language):
    """A language run straight from source by one interpreter: `<interpreter> <flags> main`."""

    interpreter_flags: tuple[str, ...] = ()

    def run_command(self, program: Program, limits: Limits) -> list[str]:
        return [self.toolchain["interpreter"], *self.interpreter_flags, program.main]
