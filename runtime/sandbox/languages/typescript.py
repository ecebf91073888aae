"""TypeScript: tsc type-checks and transpiles to build/, node runs the result.

A type error is a compile error (`--noEmitOnError`), as it would be in a real project. Programs
see node's globals through a small ambient declaration file shipped with the sandbox (@types/node
is not a Debian package), so `require`, `process`, `console` and the core modules type-check as
`any`. No DOM library: its globals (`name`, `status`, `length`...) would clash with programs'.
"""
from __future__ import annotations

from recipec.runtime.sandbox.languages.base import Language, Limits, Program
from recipec.runtime.sandbox.languages.javascript import NODE, NODE_OOM, node_flags

NODE_GLOBALS = "recipec_node_globals.d.ts"
# Kept here rather than as a .d.ts file so that it ships in every install (package data is
# limited to a few extensions).
NODE_GLOBALS_TEXT = """\
// Node's globals and core modules as `any`, for TypeScript programs in the recipec sandbox.
// (@types/node is not packaged for Debian; this keeps ordinary programs type-checking.)
declare var console: any;
declare var require: any;
declare var module: any;
declare var exports: any;
declare var process: any;
declare var Buffer: any;
declare var global: any;
declare var __dirname: string;
declare var __filename: string;
declare function setImmediate(callback: (...args: any[]) => void, ...args: any[]): any;
declare function setTimeout(callback: (...args: any[]) => void, ms?: number, ...args: any[]): any;
declare function setInterval(callback: (...args: any[]) => void, ms?: number, ...args: any[]): any;
declare function clearTimeout(handle: any): void;
declare function clearInterval(handle: any): void;
declare var TextEncoder: any;
declare var TextDecoder: any;
declare module "fs";
declare module "readline";
declare module "path";
declare module "os";
declare module "util";
declare module "assert";
declare module "events";
declare module "crypto";
declare module "child_process";
declare module "net";
declare module "http";
declare module "process";
declare module "buffer";
declare module "stream";
declare module "string_decoder";
declare module "node:fs";
declare module "node:readline";
declare module "node:process";
declare module "node:assert";
declare module "node:util";
declare module "node:os";
declare module "node:path";
"""


class TypeScript(Language):
    name = "typescript"
    extension = ".ts"
    tree_sitter = "typescript"
    tools = {"compiler": ("tsc",), "runtime": NODE}
    compiled = True
    memory_rlimit = "data"
    oom_markers = NODE_OOM
    harness = "typescript"

    def prepare(self, code: str) -> Program:
        program = super().prepare(code)
        return with_node_globals(program)

    def compile_command(self, program: Program, limits: Limits) -> list[str]:
        # tsc is a node script: run it with node explicitly, so the shebang's `env` lookup and
        # the heap flags are ours.
        return [self.toolchain["runtime"], "--max-old-space-size=512", self.toolchain["compiler"],
                "--outDir", "build", "--target", "es2020", "--module", "commonjs",
                "--lib", "es2020", "--noEmitOnError", "--skipLibCheck", "--pretty", "false",
                *program.sources, NODE_GLOBALS]

    def run_command(self, program: Program, limits: Limits) -> list[str]:
        output = program.main[:-len(".ts")] + ".js"
        return [self.toolchain["runtime"], *node_flags(limits), f"build/{output}"]


def with_node_globals(program: Program) -> Program:
    program.files[NODE_GLOBALS] = NODE_GLOBALS_TEXT.encode()
    return program
