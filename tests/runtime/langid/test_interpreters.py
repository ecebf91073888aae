"""The shebang and modeline layers."""
from __future__ import annotations

import pytest

from recipec.runtime.langid import Layer, identify
from recipec.runtime.langid.interpreters import modeline_language, shebang_language


@pytest.mark.parametrize("line, language", [
    ("#!/usr/bin/env python3\n", "python"),
    ("#!/usr/bin/python3.11 -u\n", "python"),
    ("#!/usr/bin/env -S python3 -X utf8\n", "python"),
    ("#! /bin/sh\n", "shell"),
    ("#!/bin/bash -e\n", "shell"),
    ("#!/bin/csh -f\n", "tcsh"),
    ("#!/usr/bin/perl -w\n", "perl"),
    ("#!/usr/bin/env node\n", "javascript"),
    ("#!/usr/bin/env Rscript\n", "r"),
    ("#!/usr/bin/gawk -f\n", "awk"),
    ("#!/usr/bin/env escript\n", "erlang"),
    ("#!/usr/bin/env racket\n", "racket"),
    ("#!/usr/bin/tclsh8.6\n", "tcl"),
    ("#!/usr/bin/env pwsh\n", "powershell"),
])
def test_shebang(line, language):
    assert shebang_language(line + "body\n")[0] == language


@pytest.mark.parametrize("text", ["#!/usr/bin/env\n", "#!/opt/bin/unheard-of-tool\n", "# not a shebang\n", "x #!/bin/sh\n"])
def test_no_shebang(text):
    assert shebang_language(text) is None


@pytest.mark.parametrize("text, language", [
    ("# vim: set ft=ruby:\nputs 1\n", "ruby"),
    ("x = 1\n\n/* vim: set filetype=cpp : */\n", "c++"),
    (";; -*- mode: emacs-lisp; lexical-binding: t -*-\n(message \"hi\")\n", "emacs-lisp"),
    ("/* -*- C++ -*- */\nint x;\n", "c++"),
    ("# -*- mode: python; coding: utf-8 -*-\n", "python"),
    ("% vim: ft=prolog\nfoo :- bar.\n", "prolog"),
])
def test_modeline(text, language):
    assert modeline_language(text)[0] == language


def test_modeline_for_a_format_outside_the_92_says_not_ours():
    assert modeline_language("-*- mode: org -*-\n* heading\n") == (None, "org")
    guess = identify("# -*- mode: text -*-\nplain notes\n")
    assert guess.language is None and guess.layer is Layer.MODELINE


def test_the_declaration_layers_win_and_are_recorded():
    guess = identify("#!/bin/sh\necho hi\n", path="tool.py")   # the file says what it is
    assert (guess.language, guess.layer, guess.detail) == ("shell", Layer.SHEBANG, "sh")
    guess = identify("echo hi  # vim: ft=zsh\n", path="x.txt")
    assert (guess.language, guess.layer) == ("shell", Layer.MODELINE)


def test_a_shebang_over_literate_haskell():
    setup = "#!/usr/bin/env runghc\n\n> module Main where\n\n> import Distribution.Simple\n> main :: IO ()\n> main = defaultMain\n"
    guess = identify(setup)
    assert (guess.language, guess.layer) == ("literate-haskell", Layer.SHEBANG)
    assert identify("#!/usr/bin/env runghc\nmain :: IO ()\nmain = pure ()\n").language == "haskell"
