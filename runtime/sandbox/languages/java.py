"""Java: javac into build/, then the JVM on the class that has `main`.

The file is named after the public top-level class (javac insists), else Main.java. The JVM
gets RLIMIT_DATA (it reserves its heap and code cache as address space) and -Xmx below the
limit, so a memory bomb ends in java.lang.OutOfMemoryError rather than a native crash.
"""
from __future__ import annotations

import re

from recipec.runtime.sandbox.languages.base import Language, Limits, Program

PUBLIC_CLASS = re.compile(r"^\s*public\s+(?:final\s+|abstract\s+)*(?:class|interface|enum|record)\s+"
                          r"([A-Za-z_$][\w$]*)", re.MULTILINE)
MAIN_CLASS = re.compile(r"(?:class|interface|enum|record)\s+([A-Za-z_$][\w$]*)[^{;]*\{"
                        r"(?:(?!\b(?:class|interface|enum|record)\s)[\s\S])*?"
                        r"\bstatic\s+(?:final\s+)?void\s+main\s*\(")
JVM_OOM = ("java.lang.OutOfMemoryError", "insufficient memory for the Java Runtime",
           "Cannot allocate memory")


def jvm_flags(limits: Limits) -> list[str]:
    heap_mib = max(16, (limits.memory >> 20) * 5 // 8)
    return [f"-Xmx{heap_mib}m", "-Xss8m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData", "-XX:CICompilerCount=2", "-XX:ReservedCodeCacheSize=64m",
            "-XX:MaxMetaspaceSize=128m", "-Xshare:auto",
            # The JVM prints its own errors (and warnings) on stdout unless told otherwise.
            "-XX:+DisplayVMOutputToStderr", "-Xlog:all=warning:stderr"]


class Java(Language):
    name = "java"
    extension = ".java"
    tree_sitter = "java"
    tools = {"compiler": ("javac",), "runtime": ("java",)}
    compiled = True
    memory_rlimit = "data"
    rlimit_headroom = 256 << 20
    oom_markers = JVM_OOM
    harness = "java"

    def source_name(self, code: str) -> str:
        match = PUBLIC_CLASS.search(code)
        return f"{match.group(1)}.java" if match else "Main.java"

    def prepare(self, code: str) -> Program:
        name = self.source_name(code)
        match = MAIN_CLASS.search(code)
        entry = match.group(1) if match else name[:-len(".java")]
        return Program({name: code.encode()}, main=name, entry=entry)

    def compile_command(self, program: Program, limits: Limits) -> list[str]:
        return [self.toolchain["compiler"], "-J-Xmx512m", "-J-XX:+UseSerialGC",
                "-J-XX:TieredStopAtLevel=1", "-J-XX:-UsePerfData", "-encoding", "UTF-8",
                "-nowarn", "-d", "build", *program.sources]

    def run_command(self, program: Program, limits: Limits) -> list[str]:
        return [self.toolchain["runtime"], *jvm_flags(limits), "-cp", "build", program.entry]
