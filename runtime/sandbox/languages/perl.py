"""Perl 5."""
from __future__ import annotations

from recipec.runtime.sandbox.languages.base import Interpreted


class Perl(Interpreted):
    name = "perl"
    extension = ".pl"
    tree_sitter = "perl"
    tools = {"interpreter": ("/usr/bin/perl", "perl")}
    oom_markers = ("Out of memory!",)
    harness = "perl"
