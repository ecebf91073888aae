"""The 92 language names of the Qwen2.5-Coder pipeline, spelled exactly as recipes write them.

Every language this package returns is one of these; anything else is reported as not code of
these languages (`language=None`).
"""
from __future__ import annotations

LANGUAGES: frozenset[str] = frozenset("""
ada agda alloy antlr applescript assembly augeas awk batchfile bluespec c c# c++ clojure cmake
coffeescript common-lisp css cuda dart dockerfile elixir elm emacs-lisp erlang f# fortran glsl go
groovy haskell html idris isabelle java java-server-pages javascript json julia jupyter-notebook
kotlin lean literate-agda literate-coffeescript literate-haskell lua makefile maple markdown
mathematica matlab objectc++ ocaml pascal perl php powershell prolog protocol-buffer python r
racket restructuredtext rmarkdown ruby rust sas scala scheme shell smalltalk solidity sparql sql
stan standard-ml stata swift systemverilog tcl tcsh tex thrift typescript verilog vhdl
visual-basic vue xslt yacc yaml zig
""".split())

assert len(LANGUAGES) == 92, len(LANGUAGES)
