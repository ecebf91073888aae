"""Go, built by `go build` without modules or cgo into build/main.

The Go runtime reserves its heap arenas as PROT_NONE address space, so memory is RLIMIT_DATA
(which counts only what is committed) plus GOMEMLIMIT, which makes the collector work harder
before the limit is reached.
"""
from __future__ import annotations

import os

from recipec.runtime.sandbox.languages.base import Language, Limits, Program
from recipec.runtime.sandbox.toolchains import Toolchain, host_output, mount_folder, resolve

GO_OOM = ("runtime: out of memory", "fatal error: out of memory", "cannot allocate memory")


class Go(Language):
    name = "go"
    extension = ".go"
    tree_sitter = "go"
    tools = {"compiler": ("go", "/usr/lib/go/bin/go")}
    compiled = True
    memory_rlimit = "data"
    oom_markers = GO_OOM
    harness = "go"

    def find_toolchain(self) -> Toolchain:
        found = resolve(self.tools, "install it with .ci/install-toolchains.sh")
        if not found.available:
            return found
        goroot = host_output((found["compiler"], "env", "GOROOT"))
        if goroot and os.path.isdir(goroot):
            extra = mount_folder(os.path.join(goroot, "bin", "go"), root=goroot)
            found.binds.update(extra["binds"])
            found.hidden.update(extra["hidden"])
        return found

    def compile_command(self, program: Program, limits: Limits) -> list[str]:
        return [self.toolchain["compiler"], "build", "-o", "build/main",
                *program.sources]

    def compile_env(self, limits: Limits) -> dict[str, str]:
        return {**self.env(limits), "GOCACHE": "/tmp/go-cache", "GOPATH": "/tmp/go",
                "GO111MODULE": "off", "CGO_ENABLED": "0", "GOFLAGS": "", "GOTOOLCHAIN": "local",
                "GOPROXY": "off"}

    def env(self, limits: Limits) -> dict[str, str]:
        return {**super().env(limits), "GOMEMLIMIT": str(limits.memory * 3 // 4),
                "GOMAXPROCS": "2"}

    def run_command(self, program: Program, limits: Limits) -> list[str]:
        return ["./build/main"]
