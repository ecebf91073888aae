"""Perl 5. The tree-sitter Perl grammar rejects valid Perl too often to gate runs on it, so Perl
gets no static check: `perl -c` would run BEGIN blocks, which is execution, not a check."""
from __future__ import annotations

from recipec.runtime.sandbox.languages.base import Interpreted


class Perl(Interpreted):
    name = "perl"
    extension = ".pl"
    tree_sitter = None
    tools = {"interpreter": ("/usr/bin/perl", "perl")}
    oom_markers = ("Out of memory!",)
    harness = "perl"
