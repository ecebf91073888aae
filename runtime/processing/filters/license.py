"""Keep documents whose license, from the source's metadata, is on an allow-list of SPDX ids.

The default list holds the permissive licenses The Stack accepted. The metadata value may be one id or an
SPDX expression: `A OR B` passes when either is allowed (a choice the user can make), `A AND B` only when
both are, `A WITH exception` is judged by `A`. A document without a license value, or with one that is not
recognised, is `license_unknown`: dropped unless `keep_unknown` (a source that carries no license metadata
at all should not get this filter).
"""
from __future__ import annotations

import re

from datatrove.data import Document
from datatrove.pipeline.writers.disk_base import DiskWriter

from recipec.runtime.processing.filters.base import RuleFilter

PERMISSIVE_LICENSES = (
    "MIT", "MIT-0", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "BSD-3-Clause-Clear", "0BSD", "ISC",
    "Zlib", "BSL-1.0", "Unlicense", "CC0-1.0", "PSF-2.0", "Python-2.0", "X11", "UPL-1.0", "NCSA",
    "Artistic-2.0", "WTFPL", "CC-BY-4.0", "MulanPSL-2.0",
)

_TOKENS = re.compile(r"\(|\)|[^\s()]+")


class _Expression:
    """Evaluates an SPDX license expression against an allow-list (OR binds weaker than AND)."""

    def __init__(self, text: str, allowed: frozenset[str]):
        self.tokens = _TOKENS.findall(text)
        self.position = 0
        self.allowed = allowed

    def allowed_overall(self) -> bool:
        result = self._or()
        if self.position != len(self.tokens):
            raise ValueError("trailing tokens")
        return result

    def _peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _or(self) -> bool:
        result = self._and()
        while (self._peek() or "").upper() == "OR":
            self.position += 1
            result = self._and() or result
        return result

    def _and(self) -> bool:
        result = self._term()
        while (self._peek() or "").upper() == "AND":
            self.position += 1
            result = self._term() and result
        return result

    def _term(self) -> bool:
        token = self._peek()
        if token is None or token.upper() in ("AND", "OR", "WITH", ")"):
            raise ValueError("expected a license id")
        self.position += 1
        if token == "(":
            result = self._or()
            if self._peek() != ")":
                raise ValueError("unbalanced parenthesis")
            self.position += 1
            return result
        if (self._peek() or "").upper() == "WITH":
            self.position += 2  # the exception only narrows the license; judge the license itself
        return token.rstrip("+").upper() in self.allowed


def license_allowed(expression: str, allowed: frozenset[str]) -> bool | None:
    """Whether an SPDX expression is allowed by `allowed` (upper-case ids); None when it does not parse."""
    try:
        return _Expression(expression, allowed).allowed_overall()
    except ValueError:
        return None


class LicenseFilter(RuleFilter):
    """Drops documents whose `license` metadata is not on the allow-list.

    Reasons: `license_not_allowed`, `license_unknown`. Each license seen is counted (`license_<id>`).
    """

    name = "⚖️ License"
    rule = "license_not_allowed"

    def __init__(self, allowed: tuple[str, ...] | list[str] = PERMISSIVE_LICENSES, metadata_key: str = "license",
                 keep_unknown: bool = False, exclusion_writer: DiskWriter | None = None):
        super().__init__(None, exclusion_writer)
        self.allowed = frozenset(spdx.upper() for spdx in allowed)
        self.metadata_key = metadata_key
        self.keep_unknown = keep_unknown

    def violation(self, doc: Document) -> tuple[str, str] | None:
        value = doc.metadata.get(self.metadata_key)
        if value:
            self.stat_update(f"license_{value}")
        verdict = license_allowed(value, self.allowed) if isinstance(value, str) and value.strip() else None
        if verdict is None:
            if self.keep_unknown:
                return None
            return "license_unknown", f"{self.metadata_key} = {value!r} is not a known SPDX expression"
        if not verdict:
            return "license_not_allowed", f"{value} is not on the allow-list"
        return None
