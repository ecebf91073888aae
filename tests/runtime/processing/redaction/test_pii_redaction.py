"""PII redaction: what each detector finds, what it leaves alone, and the counts it reports."""
from __future__ import annotations

from pathlib import Path

import pytest
from datatrove.data import Document

from recipec.runtime.processing.redaction import PIIRedactor
from recipec.runtime.processing.redaction.formatter import PRIVATE_IPV4, synthetic_ip
from recipec.runtime.processing.redaction.secrets import shannon_entropy

QUICKSTART = Path(__file__).resolve().parents[4] / "recipes" / "data" / "quickstart"

PLANTED = QUICKSTART / "repos/planted-cases/settings.py"


def _redact(text: str) -> str:
    return PIIRedactor().redact(text)[0]


@pytest.mark.parametrize("text, expected", [
    ("mail me: jane.roe@acme-widgets.io.", "mail me: <EMAIL>."),
    ("Author: Ann <ann+code@mail.co.uk>", "Author: Ann <<EMAIL>>"),
    ("remote git@github.com:org/repo.git", "remote git@github.com:org/repo.git"),
    ("see user@example.com and ops@example.org", "see user@example.com and ops@example.org"),
    ("icon: logo@2x.png", "icon: logo@2x.png"),
    ("decorator @property", "decorator @property"),
])
def test_emails(text, expected):
    assert _redact(text) == expected


@pytest.mark.parametrize("text, redacted", [
    ("host = '93.184.216.34'", True),
    ("host = '192.168.1.20'", False),      # private
    ("host = '127.0.0.1'", False),         # loopback
    ("host = '203.0.113.9'", False),       # documentation range
    ("dns = '8.8.8.8'", False),            # well-known resolver
    ("version 1.2.3.4 released", False),   # a version number
    ("v6 = '2607:f8b0:4005:80a::200e'", True),
    ("doc6 = '2001:db8::1'", False),
    ("std::vector<int>::iterator", False),
    ("1.2.3.4.5", False),
])
def test_ip_addresses(text, redacted):
    assert (_redact(text) != text) == redacted


@pytest.mark.parametrize("text", [
    'key = "AKIAZ7TQ4NV2LKX3HB6D"',
    'token = "ghp_R4nd0mL00k1ngT0k3nV4lu3F0rT3st1ng0001"',
    'SLACK = "xoxb-123456789012-abcdefghijkl"',
    'STRIPE = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"',
    'google = "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q"',
    'api_key: "q8Zr2LwP0xVb7Nc4Kd1Tf6Yh"',
    '"password": "Zu8#kP2v!Qm7Lx4N"',
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1x2y3z\n-----END RSA PRIVATE KEY-----",
])
def test_secrets_are_replaced_by_key(text):
    out = _redact(text)
    assert "<KEY>" in out and out != text


@pytest.mark.parametrize("text", [
    'password = "changeme"',
    'api_key = "your-api-key-here"',
    'token = os.environ["GITHUB_TOKEN"]',
    'secret = "${SECRET_FROM_VAULT}"',
    'password_hint = "use a long phrase"',
    'sha = "e3b0c44298fc1c149afbf4c8996fb924"',
])
def test_placeholders_and_non_secrets_are_kept(text):
    assert _redact(text) == text


def test_synthetic_ips_are_private_and_stable():
    assert synthetic_ip("93.184.216.34") == synthetic_ip("93.184.216.34") in PRIVATE_IPV4
    assert ":" in synthetic_ip("2607:f8b0:4005:80a::200e")


def test_entropy_separates_words_from_random_strings():
    assert shannon_entropy("aaaaaaaa") == 0
    assert shannon_entropy("q8Zr2LwP0xVb7Nc4Kd1Tf6Yh") > 4


def test_planted_settings_file_is_fully_redacted_and_counted():
    step = PIIRedactor()
    document = Document(PLANTED.read_text(), "planted-cases/settings.py")
    (out,) = list(step.run(iter([document])))
    for secret in ("jane.roe@acme-widgets.io", "93.184.216.34", "AKIAZ7TQ4NV2LKX3HB6D", "ghp_R4nd0m",
                   "q3Xv9LmT2pR8sN4wK7yB1zH6cF0gJ5dEa8Wk3Ypn", "Zu8#kP2v!Qm7Lx4N"):
        assert secret not in out.text
    assert "10.0.4.12" in out.text  # private addresses stay
    assert out.metadata["redactions"] == {"email": 2, "ip_address": 1, "secret": 4}
    assert step.stats["redacted_secret"].total == 4
    assert step.stats["redacted_github_token"].total == 1
    assert step.stats["documents_redacted"].total == 1


def test_switches_turn_detectors_off():
    text = "a@corp-mail.net 93.184.216.34 AKIAZ7TQ4NV2LKX3HB6D"
    assert PIIRedactor(emails=False, ip_addresses=False, secrets=False).redact(text)[0] == text
    assert PIIRedactor(emails=False, secrets=False).redact(text)[0].startswith("a@corp-mail.net 172.")
