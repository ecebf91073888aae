"""Lua 5.4 (or 5.3, or whichever `lua` is installed)."""
from __future__ import annotations

from recipec.runtime.sandbox.languages.base import Interpreted


class Lua(Interpreted):
    name = "lua"
    extension = ".lua"
    tree_sitter = "lua"
    tools = {"interpreter": ("lua5.4", "lua5.3", "lua", "luajit")}
    oom_markers = ("not enough memory",)
    harness = "lua"
