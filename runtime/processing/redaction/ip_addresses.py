"""Public IP addresses, found and screened the way BigCode's PII pipeline did.

An IPv4 or IPv6 address is personal data only when it is globally routable: private, loopback,
link-local, reserved and documentation ranges (192.0.2.0/24, 2001:db8::/32, ...) are kept, and so are the
well-known public DNS resolvers BigCode listed (8.8.8.8, 1.1.1.1, ...). A dotted quad of single digits
(`1.2.3.4`) is usually a version number and is kept unless "dns" or "server" appears within 100 characters.
"""
from __future__ import annotations

import ipaddress
import re

from recipec.runtime.processing.redaction.spans import Finding

# Loose and starting with a digit class (fast to scan for); the edges and `ipaddress` do the checking.
IPV4 = re.compile(r"[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}")
# IPv6 candidates are found from two colons at most four hex digits apart (a literal first character is
# fast to scan for), then widened to the whole run of hex digits and colons; `ipaddress` decides.
_TWO_COLONS = re.compile(r":[0-9A-Fa-f]{0,4}:")
_HEX_OR_COLON = frozenset("0123456789abcdefABCDEF:")

# Gate: map digits to `d` and everything but dots to spaces, squeeze digit runs; an IPv4 address then
# reads `d.d.d.d`. One C pass rules out nearly every file (floats are `d.d`, versions rarely have four).
_DIGITS_AND_DOTS = bytes(ord("d") if 48 <= byte <= 57 else ord(".") if byte == ord(".") else ord(" ")
                         for byte in range(256))


def _may_hold_ipv4(text: str) -> bool:
    mapped = text.encode("utf-8", errors="surrogatepass").translate(_DIGITS_AND_DOTS)
    squeezed = mapped.replace(b"dd", b"d").replace(b"dd", b"d")  # runs of 1-3 digits become one `d`
    return b"d.d.d.d" in squeezed


POPULAR_DNS_SERVERS = frozenset({
    "8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "76.76.19.19", "76.223.122.150", "9.9.9.9",
    "149.112.112.112", "208.67.222.222", "208.67.220.220", "8.26.56.26", "8.20.247.20", "94.140.14.14",
    "94.140.15.15",
})


def _looks_like_version(value: str, text: str, start: int, end: int) -> bool:
    if len(value) != 7:  # four single digits and three dots
        return False
    context = text[max(0, start - 100): end + 100].lower()
    return "dns" not in context and "server" not in context


def _is_public(value: str) -> bool:
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return False
    return address.is_global and value not in POPULAR_DNS_SERVERS


def _standalone(text: str, start: int, end: int) -> bool:
    """Not part of a longer dotted number or word (`1.2.3.4.5`, `v1.2.3.4`, `10.0.0.1a`)."""
    before = text[start - 1] if start else " "
    after = text[end:end + 2]
    if before.isalnum() or before in "._":
        return False
    return not (after[:1].isalnum() or after[:1] == "_" or (after[:1] == "." and after[1:2].isdigit()))


def find_ip_addresses(text: str) -> list[Finding]:
    findings = []
    for match in (IPV4.finditer(text) if _may_hold_ipv4(text) else ()):
        value = match.group(0)
        if not _standalone(text, match.start(), match.end()):
            continue
        if _is_public(value) and not _looks_like_version(value, text, match.start(), match.end()):
            findings.append(Finding(match.start(), match.end(), "ip_address", "ipv4", value))
    for start, end in _ipv6_candidates(text):
        value = text[start:end]
        if _standalone(text, start, end) and any(c.isdigit() for c in value) and _is_public(value):
            findings.append(Finding(start, end, "ip_address", "ipv6", value))
    return findings


def _ipv6_candidates(text: str):
    covered = -1
    for match in _TWO_COLONS.finditer(text):
        if match.start() < covered:
            continue
        start, end = match.start(), match.end()
        while start > 0 and text[start - 1] in _HEX_OR_COLON:
            start -= 1
        while end < len(text) and text[end] in _HEX_OR_COLON:
            end += 1
        covered = end
        yield start, end
