"""C++, compiled by g++ (or clang++) into build/main."""
from __future__ import annotations

from recipec.runtime.sandbox.languages.c import C


class Cpp(C):
    name = "c++"
    extension = ".cpp"
    tree_sitter = "cpp"
    tools = {"compiler": ("g++", "c++", "clang++")}
    harness = "cpp"
    flags = ("-O2", "-std=gnu++17", "-pipe")
