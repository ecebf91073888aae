"""Rust, compiled by rustc (no cargo, no crates: the standard library only).

rustc is asked for its sysroot and run from there, which works the same for Debian's rustc
(sysroot /usr) and for a rustup proxy in ~/.cargo/bin (sysroot under ~/.rustup, which the
sandbox exposes read-only: see toolchains.py).
"""
from __future__ import annotations

import os

from recipec.runtime.sandbox.languages.base import INSTALL_HINT, Language, Limits, Program
from recipec.runtime.sandbox.languages.c import NATIVE_OOM
from recipec.runtime.sandbox.toolchains import (Toolchain, file_identity, find, host_output,
                                                in_system_view, reachable_by_others)


class Rust(Language):
    name = "rust"
    extension = ".rs"
    tree_sitter = "rust"
    compiled = True
    oom_markers = (*NATIVE_OOM, "memory allocation of")
    harness = "rust"

    def find_toolchain(self) -> Toolchain:
        rustc = find(("rustc",))
        linker = find(("cc", "gcc", "clang"))
        if rustc is None or linker is None:
            missing = "rustc" if rustc is None else "a C linker (cc)"
            return Toolchain(missing=f"{missing} not found ({INSTALL_HINT})")
        sysroot = host_output((rustc, "--print", "sysroot"))
        if not sysroot or not os.path.isfile(os.path.join(sysroot, "bin", "rustc")):
            return Toolchain(missing=f"{rustc} cannot report its sysroot")
        real = os.path.join(sysroot, "bin", "rustc")
        binds, hidden = {}, {}
        if not in_system_view(real):
            (binds if reachable_by_others(real) else hidden)[sysroot] = sysroot
        return Toolchain({"compiler": real, "linker": linker}, binds, hidden,
                         f"{file_identity(real)};{file_identity(linker)}")

    def compile_command(self, program: Program, limits: Limits) -> list[str]:
        return [self.toolchain["compiler"], "--edition", "2021", "-O", "-C", "debuginfo=0",
                "-C", f"linker={self.toolchain['linker']}", "-o", "build/main", program.main]

    def run_command(self, program: Program, limits: Limits) -> list[str]:
        return ["./build/main"]
