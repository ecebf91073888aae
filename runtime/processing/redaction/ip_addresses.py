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

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
IPV4 = re.compile(rf"(?<![\w.]){_OCTET}(?:\.{_OCTET}){{3}}(?![\w]|\.\d)")
# Loose on purpose: `ipaddress` validates every candidate.
IPV6 = re.compile(r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")

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


def find_ip_addresses(text: str) -> list[Finding]:
    findings = []
    for match in IPV4.finditer(text):
        value = match.group(0)
        if _is_public(value) and not _looks_like_version(value, text, match.start(), match.end()):
            findings.append(Finding(match.start(), match.end(), "ip_address", "ipv4", value))
    if "::" in text or text.count(":") >= 7:
        for match in IPV6.finditer(text):
            value = match.group(0)
            if any(c.isdigit() for c in value) and _is_public(value):
                findings.append(Finding(match.start(), match.end(), "ip_address", "ipv6", value))
    return findings
