"""E-mail addresses, as BigCode's PII pipeline for The Stack / StarCoder found them: by a regular expression.

Kept as they are (not personal data): the reserved example domains (example.com/org/net, `.example`,
`.test`, `.invalid`, `.localhost`), `git@host` remotes, and `name@2x.png`-style file names, which the
address pattern would otherwise take for an address with a file extension as its top-level domain.
"""
from __future__ import annotations

import re

from recipec.runtime.processing.redaction.spans import Finding

EMAIL = re.compile(
    r"(?<![\w.%+-])"
    r"([A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24})"
    r"(?![\w-]|\.[A-Za-z0-9])"
)

RESERVED_DOMAINS = ("example.com", "example.org", "example.net")
RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost")
FILE_EXTENSIONS = frozenset({
    "png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "js", "mjs", "ts", "css", "py", "json", "html", "md",
})


def _is_personal(address: str) -> bool:
    local, _, domain = address.rpartition("@")
    domain = domain.lower()
    if local == "git":
        return False
    if domain in RESERVED_DOMAINS or domain.endswith(tuple("." + d for d in RESERVED_DOMAINS)):
        return False
    if domain.endswith(RESERVED_SUFFIXES):
        return False
    return domain.rsplit(".", 1)[-1] not in FILE_EXTENSIONS


def find_emails(text: str) -> list[Finding]:
    if "@" not in text:  # most files: skip the regex entirely
        return []
    return [
        Finding(match.start(1), match.end(1), "email", "email", match.group(1))
        for match in EMAIL.finditer(text)
        if _is_personal(match.group(1))
    ]
